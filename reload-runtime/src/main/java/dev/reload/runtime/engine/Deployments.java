package dev.reload.runtime.engine;

import dev.reload.runtime.plugin.LoadedPlugin;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;

/**
 * Every plugin the engine has seen, by id, in id order. Created on first sight, so that management can show a plugin
 * whose every jar was refused. Changed on the engine's thread; management reads it from any thread.
 */
final class Deployments {

    private final Map<String, Deployment> byId = new ConcurrentSkipListMap<>();
    private volatile Consumer<PluginStats> onNew = s -> { };

    /** @return the deployment of {@code id}, created the first time it is asked for */
    Deployment of(String id) {
        Deployment deployment = byId.get(id);
        if (deployment == null) {
            deployment = new Deployment(id);
            byId.put(id, deployment);
            onNew.accept(deployment.stats());
        }
        return deployment;
    }

    /** Hands every plugin's figures, those seen so far and those seen later, to {@code management}. */
    void publishTo(Consumer<PluginStats> management) {
        byId.values().forEach(d -> management.accept(d.stats()));
        onNew = management;
    }

    /** @return the version of {@code id} that serves, or {@code null} */
    LoadedPlugin activeOf(String id) {
        Deployment deployment = byId.get(id);
        return deployment == null ? null : deployment.active();
    }

    /** @return plugin id to its active version, for routing */
    SortedMap<String, LoadedPlugin> activeVersions() {
        SortedMap<String, LoadedPlugin> active = new TreeMap<>();
        byId.forEach((id, d) -> {
            if (d.active() != null) {
                active.put(id, d.active());
            }
        });
        return active;
    }

    /** @return every plugin's figures by id; read from any thread */
    Map<String, PluginStats> stats() {
        Map<String, PluginStats> stats = new TreeMap<>();
        byId.forEach((id, d) -> stats.put(id, d.stats()));
        return Collections.unmodifiableMap(stats);
    }

    Iterable<Deployment> all() {
        return byId.values();
    }

    /** @return the loads in flight: an operation waits for them, so that it decides on a settled state */
    List<CompletableFuture<LoadedPlugin>> loadsInFlight() {
        List<CompletableFuture<LoadedPlugin>> loads = new ArrayList<>();
        for (Deployment deployment : byId.values()) {
            if (deployment.isLoading()) {
                loads.add(deployment.loadInFlight());
            }
        }
        return loads;
    }
}

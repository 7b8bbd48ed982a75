package dev.reload.runtime.engine;

import dev.reload.runtime.plugin.LoadedPlugin;
import dev.reload.runtime.plugin.PluginConfig;
import dev.reload.runtime.watch.PluginDirectory.Candidate;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;

/**
 * One plugin as deployed: the version that serves, the load in flight, the versions that served before it, and the
 * last configuration that applied. Lives on the engine's thread; management reads its {@link #stats()}.
 */
final class Deployment {

    /** How many active versions the roll-back history remembers. */
    private static final int MAX_HISTORY = 100;

    private final String id;
    private final PluginStats stats;
    private LoadedPlugin active;
    /** Which observation of its file the active version was loaded from. */
    private Long loadedFrom;
    /** The load or re-configuration in flight; the plugin's next decision waits for it. */
    private CompletableFuture<LoadedPlugin> loading;
    /** The versions that were active, oldest first, without repeats in a row. */
    private final Deque<String> history = new ArrayDeque<>();
    private PluginConfig goodConfig;
    private boolean warnedPinMissing;

    Deployment(String id) {
        this.id = id;
        this.stats = new PluginStats(id);
    }

    String id() {
        return id;
    }

    PluginStats stats() {
        return stats;
    }

    /** @return the version that serves, or {@code null} */
    LoadedPlugin active() {
        return active;
    }

    /** @return whether the active version was loaded from exactly this observation of {@code candidate}'s file */
    boolean servesFrom(Candidate candidate) {
        return active != null && active.file().equals(candidate.file())
                && Long.valueOf(candidate.observation()).equals(loadedFrom);
    }

    boolean isLoading() {
        return loading != null;
    }

    /** @return whether {@code load} is the load this plugin waits for, rather than one overtaken since */
    boolean awaits(CompletableFuture<LoadedPlugin> load) {
        return loading == load;
    }

    CompletableFuture<LoadedPlugin> loadInFlight() {
        return loading;
    }

    void startLoading(CompletableFuture<LoadedPlugin> load) {
        loading = load;
        stats.loading(true);
    }

    void loadEnded() {
        loading = null;
        stats.loading(false);
    }

    /** The version loaded from {@code observation} of its file now serves. */
    void loadedFrom(long observation) {
        loadedFrom = observation;
    }

    /** Forgets which file the active version came from, so that the next settle looks at the directory afresh. */
    void forgetFile() {
        loadedFrom = null;
    }

    /**
     * Calls now go to {@code to} instead of {@code from}.
     *
     * @return whether the code changed, rather than only the instances of the same version
     */
    boolean activated(LoadedPlugin from, LoadedPlugin to) {
        active = to;
        stats.activated(from, to);
        boolean sameCode = from != null && to != null && from.sameCode(to);
        if (to != null && !sameCode && !to.version().equals(history.peekLast())) {
            history.addLast(to.version());
            if (history.size() > MAX_HISTORY) {
                history.removeFirst();
            }
        }
        return !sameCode;
    }

    /** Stops serving: the runtime is closing. */
    void deactivated() {
        active = null;
        loadedFrom = null;
        loading = null;
    }

    /** @return the versions that were active, oldest first: this plugin's own, which a roll-back trims */
    Deque<String> history() {
        return history;
    }

    /** @return the configuration that last applied, or {@link PluginConfig#NONE} */
    PluginConfig goodConfig() {
        return goodConfig == null ? PluginConfig.NONE : goodConfig;
    }

    void configApplied(PluginConfig config) {
        goodConfig = config;
    }

    /** @return whether the pin's missing jar should be warned about now: once, until the jar is back */
    boolean warnPinMissing() {
        boolean first = !warnedPinMissing;
        warnedPinMissing = true;
        return first;
    }

    void pinSatisfied() {
        warnedPinMissing = false;
    }
}

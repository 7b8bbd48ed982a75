package dev.reload.runtime.engine;

import dev.reload.runtime.plugin.LoadedPlugin;
import dev.reload.runtime.plugin.PluginVersion;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What management reads about one plugin. The engine writes it as things happen; any thread reads it. Call counts
 * come from the versions' gates when read, so the call path does nothing for them.
 */
final class PluginStats {

    private final String id;
    /** The active instances and those retiring, each counted until its calls are added to {@link #retiredCalls}. */
    private final List<LoadedPlugin> live = new ArrayList<>();
    private LoadedPlugin active;
    private long retiredCalls;
    private long swaps;
    private long rejects;
    private String lastRejection;
    private List<String> versions = List.of();
    private String pinned;
    private boolean loading;
    private boolean stopped;

    PluginStats(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }

    synchronized void activated(LoadedPlugin from, LoadedPlugin to) {
        if (to != null && !live.contains(to)) {
            live.add(to);
        }
        if (from != null && to != null && !from.version().equals(to.version())) {
            swaps++;
        }
        active = to;
    }

    /** The version's last call has returned: its calls are final. */
    synchronized void retired(LoadedPlugin plugin) {
        if (live.remove(plugin)) {
            retiredCalls += plugin.gate().calls();
        }
    }

    synchronized void rejected(String file, String reason) {
        rejects++;
        lastRejection = Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + file + ": " + reason;
    }

    synchronized void present(List<String> versionsHighestFirst) {
        versions = List.copyOf(versionsHighestFirst);
    }

    synchronized void pinned(String version) {
        pinned = version;
    }

    synchronized void loading(boolean loading) {
        this.loading = loading;
    }

    synchronized void stopped() {
        stopped = true;
        active = null;
    }

    synchronized String activeVersion() {
        return active == null ? null : active.version();
    }

    synchronized String[] versions() {
        List<String> all = new ArrayList<>(versions);
        if (active != null && !all.contains(active.version())) {
            all.add(active.version());
            all.sort(Comparator.comparing(PluginVersion::parse).reversed());
        }
        return all.toArray(new String[0]);
    }

    synchronized String pinnedVersion() {
        return pinned;
    }

    synchronized String state() {
        if (stopped) {
            return "STOPPED";
        }
        if (loading) {
            return "LOADING";
        }
        if (active == null) {
            return "UNAVAILABLE";
        }
        return pinned != null && pinned.equals(active.version()) ? "PINNED" : "ACTIVE";
    }

    synchronized long inFlight() {
        return live.stream().mapToLong(p -> p.gate().inFlight()).sum();
    }

    synchronized long calls() {
        return retiredCalls + live.stream().mapToLong(p -> p.gate().calls()).sum();
    }

    synchronized long swaps() {
        return swaps;
    }

    synchronized long rejects() {
        return rejects;
    }

    synchronized String lastRejection() {
        return lastRejection;
    }

    synchronized Map<String, Long> retiring() {
        Map<String, Long> retiring = new LinkedHashMap<>();
        for (LoadedPlugin plugin : live) {
            if (plugin != active) {
                retiring.merge(plugin.version(), plugin.gate().inFlight(), Long::sum);
            }
        }
        return retiring;
    }
}

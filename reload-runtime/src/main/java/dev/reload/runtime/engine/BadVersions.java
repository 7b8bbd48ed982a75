package dev.reload.runtime.engine;

import dev.reload.runtime.log.Log;
import dev.reload.runtime.plugin.LoadedPlugin;
import dev.reload.runtime.watch.PluginDirectory.Candidate;
import dev.reload.runtime.watch.PluginDirectory.Scan;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The jars marked bad on this JVM because their version failed its bake. A marked jar is no candidate: rescans and
 * polls pass it by, until its file changes (a new observation of it) or an operator's {@code reload}, {@code pin} or
 * {@code unpin} clears the mark.
 *
 * <p>Kept in memory, unlike pins: a restarted JVM has none of the load that failed the version, and tries it afresh.
 * Written on the engine's thread, read by management from any thread.
 */
final class BadVersions {

    private static final Log LOG = Log.get(Engine.class);

    /**
     * @param observation which observation of {@code file} failed; a later one is another jar
     * @param reason      the failures, in words
     */
    record Mark(String pluginId, String version, Path file, long observation, String reason, Instant at) {
    }

    private final Map<Path, Mark> byFile = new TreeMap<>();

    synchronized void mark(Mark mark) {
        byFile.put(mark.file(), mark);
    }

    /** @return whether {@code candidate} is the very observation of a jar marked bad */
    synchronized boolean isBad(Candidate candidate) {
        Mark mark = byFile.get(candidate.file());
        return mark != null && mark.observation() == candidate.observation();
    }

    /** @return whether the jar {@code plugin} was loaded from is marked bad for its version */
    synchronized boolean isBad(LoadedPlugin plugin) {
        Mark mark = byFile.get(plugin.file());
        return mark != null && mark.version().equals(plugin.version());
    }

    /** Forgets the marks of jars gone from the directory, and of jars that changed since they were marked. */
    void forgetStale(Scan scan) {
        Map<Path, Long> observations = new LinkedHashMap<>();
        scan.candidates().forEach(c -> observations.put(c.file(), c.observation()));
        for (Mark mark : take(m -> !scan.present().containsKey(m.file())
                || observations.getOrDefault(m.file(), m.observation()) != m.observation())) {
            LOG.info(mark.pluginId() + " " + mark.version() + ": no longer marked bad, " + mark.file().getFileName()
                    + (scan.present().containsKey(mark.file()) ? " changed" : " is gone"));
        }
    }

    /**
     * An operator asked: the marked jars of {@code id} are candidates again.
     *
     * @param id the plugin, or {@code null} for every plugin
     */
    void clear(String id, String operation) {
        for (Mark mark : take(m -> id == null || id.equals(m.pluginId()))) {
            LOG.info(mark.pluginId() + " " + mark.version() + ": no longer marked bad (" + operation + ")");
        }
    }

    /** @return the versions of {@code id} marked bad, each to when and why; read from any thread */
    synchronized Map<String, String> of(String id) {
        Map<String, String> versions = new LinkedHashMap<>();
        for (Mark mark : byFile.values()) {
            if (mark.pluginId().equals(id)) {
                versions.put(mark.version(), mark.at() + " " + mark.reason());
            }
        }
        return versions;
    }

    private synchronized List<Mark> take(Predicate<Mark> which) {
        List<Mark> taken = new ArrayList<>();
        byFile.values().removeIf(m -> {
            if (which.test(m)) {
                taken.add(m);
                return true;
            }
            return false;
        });
        return taken;
    }
}

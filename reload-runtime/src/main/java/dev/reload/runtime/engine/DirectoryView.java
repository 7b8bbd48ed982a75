package dev.reload.runtime.engine;

import dev.reload.runtime.exploded.ExplodedPlugins;
import dev.reload.runtime.log.Log;
import dev.reload.runtime.plugin.PluginCoordinates;
import dev.reload.runtime.plugin.PluginVersion;
import dev.reload.runtime.watch.PluginDirectory;
import dev.reload.runtime.watch.PluginDirectory.Candidate;
import dev.reload.runtime.watch.PluginDirectory.Scan;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The engine's view of the plugins directory: its candidates per plugin id, an exploded plugin (dev mode) before
 * every jar and the jars highest version first, and the refusal to read it at all while it is not trusted. Said once
 * per cause: a warning per untrusted state and per pair of duplicate jars, not per scan.
 */
final class DirectoryView {

    private static final Log LOG = Log.get(Engine.class);
    static final Comparator<Candidate> HIGHEST_FIRST = Comparator
            .comparing((Candidate c) -> !c.coordinates().version().isDevelopment())
            .thenComparing(Comparator.comparing((Candidate c) -> c.coordinates().version()).reversed())
            .thenComparing(c -> c.file().getFileName().toString());

    private final PluginDirectory directory;
    private final ExplodedPlugins exploded;
    private final Set<String> warnedDuplicates = new HashSet<>();
    private String lastUntrusted;

    DirectoryView(PluginDirectory directory, ExplodedPlugins exploded) {
        this.directory = directory;
        this.exploded = exploded;
    }

    Path path() {
        return directory.path();
    }

    /** @return what the directory holds, or {@code null} when it cannot be loaded from now */
    Scan read(boolean trustSettled) {
        String untrusted = directory.untrusted();
        if (untrusted != null) {
            if (!untrusted.equals(lastUntrusted)) {
                lastUntrusted = untrusted;
                LOG.warn("not loading from " + directory.path() + ", the active versions keep serving: " + untrusted);
            }
            return null;
        }
        lastUntrusted = null;
        try {
            return exploded.addTo(directory.scan(trustSettled), trustSettled);
        } catch (NoSuchFileException | NotDirectoryException e) {
            // Reported once by the watch; what was active keeps serving.
            return null;
        } catch (IOException e) {
            LOG.warn("cannot read the plugins directory " + directory.path() + ": " + e);
            return null;
        }
    }

    /** @return why the last read was refused as untrusted, or {@code null} */
    String lastUntrusted() {
        return lastUntrusted;
    }

    /** Leaves {@code candidate} out of later scans until its file changes. */
    void reject(Candidate candidate) {
        if (exploded.owns(candidate.file())) {
            exploded.reject(candidate);
        } else {
            directory.reject(candidate);
        }
    }

    /** Makes a file left out by {@link #reject} a candidate again. */
    void retry(Path file) {
        if (exploded.owns(file)) {
            exploded.retry(file);
        } else {
            directory.retry(file);
        }
    }

    /** @return whether {@code candidate}'s file is still as it was when it was seen */
    boolean isCurrent(Candidate candidate) {
        return exploded.owns(candidate.file()) ? exploded.isCurrent(candidate) : directory.isCurrent(candidate);
    }

    /** @return what {@code candidate} loads from: its jar, or an exploded plugin's snapshot */
    Path contentOf(Candidate candidate) {
        return exploded.owns(candidate.file()) ? exploded.contentOf(candidate) : candidate.file();
    }

    static Map<String, List<Candidate>> candidatesById(Scan scan) {
        Map<String, List<Candidate>> byId = new TreeMap<>();
        for (Candidate candidate : scan.candidates()) {
            byId.computeIfAbsent(candidate.coordinates().id(), k -> new ArrayList<>()).add(candidate);
        }
        return byId;
    }

    /** The plugin id a refused file's name gives, when it gives one. */
    static String idOf(Path file) {
        try {
            return PluginCoordinates.of(file.getFileName().toString(), null).id();
        } catch (RuntimeException e) {
            return null;
        }
    }

    static boolean isVersion(Candidate candidate, String version) {
        return candidate.coordinates().version().compareTo(PluginVersion.parse(version)) == 0;
    }

    /** Warns, once per pair, of two jars with the same id and version; {@code sorted} is highest first. */
    void warnDuplicates(List<Candidate> sorted) {
        for (int i = 1; i < sorted.size(); i++) {
            Candidate a = sorted.get(i - 1);
            Candidate b = sorted.get(i);
            if (a.coordinates().version().equals(b.coordinates().version())) {
                String key = a.file() + "|" + b.file();
                if (warnedDuplicates.add(key)) {
                    LOG.warn(a.file().getFileName() + " and " + b.file().getFileName() + " are both "
                            + a.coordinates() + "; using " + a.file().getFileName()
                            + ", the file name that sorts first");
                }
            }
        }
    }
}

package dev.reload.runtime.exploded;

import dev.reload.runtime.plugin.PluginCoordinates;
import dev.reload.runtime.plugin.PluginVersion;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

/**
 * One exploded plugin as seen so far: when its tree last changed, and its latest generations, each a snapshot that
 * may load. A generation that failed to load is marked refused; the newest one not refused is what the directory
 * offers, so that a broken compile leaves the generation before it serving instead of the jars.
 *
 * <p>Not thread-safe: the engine's thread owns it.
 */
final class ExplodedTree {

    /** Enough to fall back past a few broken compiles; older snapshots are deleted. */
    private static final int KEPT_GENERATIONS = 4;

    private final Path entry;
    private Path root;
    private TreeFingerprint fingerprint;
    private long changedAt;
    /** Whether the current fingerprint was dealt with: made a generation, or refused. */
    private boolean settled;
    private long generations;
    private final Deque<Generation> kept = new ArrayDeque<>();
    /** Reported once while the entry is there: dev mode off, or a trust store set. */
    boolean refusedOnce;

    ExplodedTree(Path entry) {
        this.entry = entry;
    }

    Path entry() {
        return entry;
    }

    Path root() {
        return root;
    }

    /**
     * Looks at the tree again.
     *
     * @param root the entry's real path
     * @return whether it changed since last seen
     */
    boolean observe(Path root, TreeFingerprint now, long nanos) {
        if (now.equals(fingerprint) && root.equals(this.root)) {
            return false;
        }
        this.root = root;
        fingerprint = now;
        changedAt = nanos;
        settled = false;
        return true;
    }

    /** The tree changed in a way only reading it showed: it must be quiet again before it is copied. */
    void changed(long nanos) {
        fingerprint = null;
        changedAt = nanos;
        settled = false;
    }

    TreeFingerprint fingerprint() {
        return fingerprint;
    }

    /** @return the nano time at which the tree has been quiet for {@code quietNanos}, or {@code null} if settled */
    Long quietAt(long quietNanos) {
        return settled ? null : changedAt + quietNanos;
    }

    void settled() {
        settled = true;
    }

    /**
     * @param snapshots where to write the snapshot
     * @param id        the observation this generation gets
     * @return the new generation, whose snapshot holds the tree as {@link #fingerprint()} saw it
     * @throws IOException if the tree changed or could not be read meanwhile; it is then not settled
     */
    Generation snapshot(Path snapshots, long id) throws IOException {
        PluginCoordinates coordinates = coordinates(generations + 1);
        Path jar = snapshots.resolve("exploded-" + coordinates.id() + "-" + id + ".jar");
        try {
            TreeSnapshot.write(root, jar);
            if (!TreeFingerprint.of(root).equals(fingerprint)) {
                throw new IOException("the tree changed while it was copied");
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(jar);
            throw e;
        }
        generations++;
        Generation generation = new Generation(id, coordinates, jar);
        kept.addLast(generation);
        while (kept.size() > KEPT_GENERATIONS) {
            delete(kept.removeFirst());
        }
        return generation;
    }

    /**
     * The id from the tree's manifest ({@code Reload-Plugin-Id}), else the entry's name; the version the
     * development version of the manifest's {@code Reload-Plugin-Version}, if it has one.
     *
     * @throws IllegalArgumentException if the manifest's version is malformed
     */
    PluginCoordinates coordinates(long generation) throws IOException {
        Attributes main = null;
        try (InputStream in = Files.newInputStream(root.resolve("META-INF").resolve("MANIFEST.MF"))) {
            main = new Manifest(in).getMainAttributes();
        } catch (NoSuchFileException e) {
            // A compiler's output usually has no manifest: the entry's name is the id.
        }
        String id = main == null ? null : trimToNull(main.getValue(PluginCoordinates.ID_ATTRIBUTE));
        String version = main == null ? null : trimToNull(main.getValue(PluginCoordinates.VERSION_ATTRIBUTE));
        PluginVersion base;
        try {
            base = version == null ? null : PluginVersion.parse(version);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad plugin version in META-INF/MANIFEST.MF: " + e.getMessage(), e);
        }
        return new PluginCoordinates(id == null ? entry.getFileName().toString() : id,
                PluginVersion.development(base, generation));
    }

    /** @return the newest generation not refused, or {@code null} */
    Generation offered() {
        for (Iterator<Generation> it = kept.descendingIterator(); it.hasNext(); ) {
            Generation generation = it.next();
            if (!generation.refused) {
                return generation;
            }
        }
        return null;
    }

    /** @return the generation that observation {@code id} made, or {@code null} */
    Generation generation(long id) {
        for (Generation generation : kept) {
            if (generation.id == id) {
                return generation;
            }
        }
        return null;
    }

    /** Makes the newest refused generation a candidate again, for when what it failed under changed. */
    void retry() {
        Generation newest = kept.peekLast();
        if (newest != null) {
            newest.refused = false;
        }
    }

    /** Deletes every snapshot: the entry is gone. */
    void forget() {
        kept.forEach(ExplodedTree::delete);
        kept.clear();
    }

    private static void delete(Generation generation) {
        try {
            Files.deleteIfExists(generation.snapshot);
        } catch (IOException ignored) {
            // The runtime's private directory goes when the runtime closes.
        }
    }

    private static String trimToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** One generation: the observation that made it, its coordinates and the snapshot it loads from. */
    static final class Generation {
        final long id;
        final PluginCoordinates coordinates;
        final Path snapshot;
        boolean refused;

        Generation(long id, PluginCoordinates coordinates, Path snapshot) {
            this.id = id;
            this.coordinates = coordinates;
            this.snapshot = snapshot;
        }
    }
}

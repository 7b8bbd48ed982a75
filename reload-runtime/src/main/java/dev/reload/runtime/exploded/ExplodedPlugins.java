package dev.reload.runtime.exploded;

import dev.reload.runtime.plugin.JarLimits;
import dev.reload.runtime.watch.PluginDirectory.Candidate;
import dev.reload.runtime.watch.PluginDirectory.Rejection;
import dev.reload.runtime.watch.PluginDirectory.Scan;
import dev.reload.runtime.watch.PluginWatcher;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * The directories in the plugins directory, and the symbolic links to directories: in dev mode each is an exploded
 * plugin, offered to the engine as a candidate whose file is the entry itself and whose content is a snapshot of its
 * tree. A change starts a quiet period that every further change restarts; once it passes, the tree is copied and
 * makes a new generation; a tree without a single class file, as a build leaves it while it cleans, is waited out
 * rather than refused. Without dev mode, or with a trust store (a directory carries no signature), each entry is
 * refused once, saying why.
 *
 * <p>A directory named like a jar is left to the jar directory, which refuses it.
 *
 * <p>Not thread-safe: the engine's thread owns it.
 */
public final class ExplodedPlugins implements AutoCloseable {

    private final Path directory;
    private final Settings settings;
    private final Map<Path, ExplodedTree> trees = new HashMap<>();
    private final TreeWatchers watchers;
    private Path snapshots;
    private long nextObservation;

    /**
     * @param directory the plugins directory
     * @param settings  dev mode and the checks that apply
     * @param onChange  asks for a scan when a watched tree changes; {@code null} not to watch the trees
     * @param executor  runs the trees' watches
     */
    public ExplodedPlugins(Path directory, Settings settings, Runnable onChange, Executor executor) {
        this.directory = directory;
        this.settings = settings;
        this.watchers = onChange == null || !settings.devMode() ? null : new TreeWatchers(onChange, executor);
    }

    /**
     * What dev mode needs to know.
     *
     * @param devMode           whether exploded plugins load at all
     * @param quietPeriod       how long a tree must stay unchanged before a generation is made
     * @param limits            bound the number of files and their total size
     * @param strictPermissions whether to refuse a tree that other users can write to
     * @param trustStore        whether only signed jars may load
     */
    public record Settings(boolean devMode, Duration quietPeriod, JarLimits limits, boolean strictPermissions,
                           boolean trustStore) {
    }

    /** @param snapshots the runtime's private directory, where the snapshots go */
    public void useSnapshots(Path snapshots) {
        this.snapshots = snapshots;
    }

    /**
     * @param jars         what the jar directory holds, from the same scan
     * @param trustSettled make a generation without waiting for the quiet period, for the first scan
     * @return {@code jars} with the exploded plugins added
     */
    public Scan addTo(Scan jars, boolean trustSettled) {
        long now = System.nanoTime();
        long quiet = settings.quietPeriod().toNanos();
        List<Candidate> candidates = new ArrayList<>(jars.candidates());
        List<Rejection> rejections = new ArrayList<>(jars.rejections());
        Map<Path, Boolean> present = new HashMap<>(jars.present());
        Long again = jars.settleAgain() == null ? null : now + jars.settleAgain().toNanos();
        Set<Path> seen = new HashSet<>();
        for (Path entry : entries()) {
            seen.add(entry);
            ExplodedTree tree = trees.computeIfAbsent(entry, ExplodedTree::new);
            String refused = refusedOutright();
            if (refused != null) {
                if (!tree.refusedOnce) {
                    tree.refusedOnce = true;
                    rejections.add(new Rejection(entry, refused));
                }
                present.put(entry, false);
                continue;
            }
            Long quietAt = look(tree, now, quiet);
            if (quietAt != null && (trustSettled || now - quietAt >= 0)) {
                settle(tree, rejections, now);
                quietAt = tree.quietAt(quiet);
            }
            if (quietAt != null) {
                again = again == null ? quietAt : Math.min(again, quietAt);
            }
            ExplodedTree.Generation offered = tree.offered();
            if (offered != null) {
                candidates.add(new Candidate(entry, offered.coordinates, offered.id));
            }
            present.put(entry, offered != null);
        }
        trees.entrySet().removeIf(e -> {
            if (seen.contains(e.getKey())) {
                return false;
            }
            e.getValue().forget();
            return true;
        });
        if (watchers != null) {
            Set<Path> roots = new HashSet<>();
            trees.values().forEach(t -> {
                if (t.root() != null) {
                    roots.add(t.root());
                }
            });
            watchers.watchExactly(roots);
        }
        return new Scan(candidates, rejections, present,
                again == null ? null : Duration.ofNanos(Math.max(0, again - now)));
    }

    /** @return whether {@code file} is an exploded plugin's entry, rather than a jar */
    public boolean owns(Path file) {
        return trees.containsKey(file);
    }

    /** @return the snapshot {@code candidate} loads from */
    public Path contentOf(Candidate candidate) {
        ExplodedTree.Generation generation = generationOf(candidate);
        return generation == null ? candidate.file() : generation.snapshot;
    }

    /** Marks a generation that failed to load as refused: the one before it is offered again. */
    public void reject(Candidate candidate) {
        ExplodedTree.Generation generation = generationOf(candidate);
        if (generation != null) {
            generation.refused = true;
        }
    }

    /** Makes the newest refused generation of {@code file} a candidate again. */
    public void retry(Path file) {
        ExplodedTree tree = trees.get(file);
        if (tree != null) {
            tree.retry();
        }
    }

    /** @return whether {@code candidate} is still the generation its entry offers */
    public boolean isCurrent(Candidate candidate) {
        ExplodedTree tree = trees.get(candidate.file());
        ExplodedTree.Generation offered = tree == null ? null : tree.offered();
        return offered != null && offered.id == candidate.observation();
    }

    @Override
    public void close() {
        if (watchers != null) {
            watchers.close();
        }
        trees.values().forEach(ExplodedTree::forget);
        trees.clear();
    }

    private ExplodedTree.Generation generationOf(Candidate candidate) {
        ExplodedTree tree = trees.get(candidate.file());
        return tree == null ? null : tree.generation(candidate.observation());
    }

    private String refusedOutright() {
        if (!settings.devMode()) {
            return "a directory: it loads as an exploded plugin only in dev mode; start with the agent option "
                    + "devMode=true (ReloadOptions.withDevMode(true), reload.dev-mode=true in Spring Boot) to load "
                    + "it, and never in production";
        }
        if (settings.trustStore()) {
            return "an exploded plugin carries no signature, and with trustStore set only signed jars load; "
                    + "remove trustStore to load it in dev mode";
        }
        return null;
    }

    /** @return when the tree will have been quiet long enough, or {@code null} when it is settled or unreadable */
    private Long look(ExplodedTree tree, long now, long quiet) {
        try {
            Path root = tree.entry().toRealPath();
            tree.observe(root, TreeFingerprint.of(root), now);
            return tree.quietAt(quiet);
        } catch (IOException e) {
            // Being deleted or replaced: the next event or scan sees what it became.
            return null;
        }
    }

    private void settle(ExplodedTree tree, List<Rejection> rejections, long now) {
        if (tree.fingerprint().classes() == 0) {
            // A build cleaning its output before it compiles: the generation before it serves on, unremarked.
            tree.settled();
            return;
        }
        try {
            String problem = TreeSnapshot.problem(tree.root(), tree.fingerprint(), settings.limits(),
                    settings.strictPermissions());
            if (problem != null) {
                tree.settled();
                rejections.add(new Rejection(tree.entry(), problem));
                return;
            }
            tree.snapshot(snapshots, ++nextObservation);
            tree.settled();
        } catch (IllegalArgumentException e) {
            tree.settled();
            rejections.add(new Rejection(tree.entry(), e.getMessage()));
        } catch (IOException e) {
            // A compile wrote meanwhile: the tree is looked at again after another quiet period.
            tree.changed(now);
        }
    }

    /** @return the directories in the plugins directory and the links to directories, but not the ones like jars */
    private List<Path> entries() {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> all = Files.newDirectoryStream(directory)) {
            for (Path entry : all) {
                String name = entry.getFileName().toString();
                if (!name.startsWith(".") && !name.endsWith(".jar") && !name.equals(PluginWatcher.DATA_DIRECTORY)
                        && Files.isDirectory(entry)) {
                    entries.add(entry);
                }
            }
        } catch (IOException e) {
            // The jar directory's own scan reports a directory that cannot be listed.
        }
        return entries;
    }
}

package dev.reload.runtime.exploded;

import dev.reload.runtime.log.Log;
import io.methvin.watcher.DirectoryWatcher;
import org.slf4j.helpers.NOPLogger;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * A recursive watch on each exploded plugin's real tree. The plugins directory's own watch does not reach into the
 * target of a symbolic link ({@code plugins/greeter -> ~/src/greeter/target/classes}), which is where a compiler
 * writes; each event here only asks for a scan, which reads what changed from the tree itself.
 *
 * <p>Not thread-safe: the engine's thread owns it.
 */
final class TreeWatchers implements AutoCloseable {

    private static final Log LOG = Log.get(TreeWatchers.class);

    private final Runnable onChange;
    private final Executor executor;
    private final Map<Path, DirectoryWatcher> byRoot = new HashMap<>();
    /** The roots a watch could not be started on, warned about once each. */
    private final Set<Path> failed = new HashSet<>();

    TreeWatchers(Runnable onChange, Executor executor) {
        this.onChange = onChange;
        this.executor = executor;
    }

    /** Watches exactly {@code roots}: starts what is new, closes what is gone. */
    void watchExactly(Set<Path> roots) {
        failed.retainAll(roots);
        byRoot.entrySet().removeIf(e -> {
            if (roots.contains(e.getKey())) {
                return false;
            }
            close(e.getValue());
            return true;
        });
        for (Path root : roots) {
            if (!byRoot.containsKey(root)) {
                try {
                    DirectoryWatcher watcher = DirectoryWatcher.builder()
                            .path(root)
                            .watchService(FileSystems.getDefault().newWatchService())
                            .fileHashing(false)
                            .logger(NOPLogger.NOP_LOGGER)
                            .listener(event -> onChange.run())
                            .build();
                    watcher.watchAsync(executor);
                    byRoot.put(root, watcher);
                    failed.remove(root);
                } catch (IOException | RuntimeException e) {
                    // Tried again at the next scan; a rescan (poll, SIGHUP, reload) still sees changes meanwhile.
                    if (failed.add(root)) {
                        LOG.warn("cannot watch " + root + " for changes: " + e);
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        byRoot.values().forEach(TreeWatchers::close);
        byRoot.clear();
    }

    private static void close(DirectoryWatcher watcher) {
        try {
            watcher.close();
        } catch (IOException ignored) {
            // Closing a watch that failed already.
        }
    }
}

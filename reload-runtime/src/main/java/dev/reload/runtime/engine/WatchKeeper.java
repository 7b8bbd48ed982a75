package dev.reload.runtime.engine;

import dev.reload.runtime.log.Log;
import dev.reload.runtime.watch.PluginWatcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ExecutorService;

/**
 * Keeps a watch on the plugins directory. A watch dies with its directory; when the directory is deleted, the
 * versions already loaded keep serving (a directory that vanished says nothing about which version should run), and
 * when it is back, possibly as a new directory under the same name, the watch is made again on it.
 *
 * <p>Not thread-safe: the engine's thread owns it.
 */
final class WatchKeeper {

    private static final Log LOG = Log.get(WatchKeeper.class);

    private final Path directory;
    private final Runnable onChange;
    private final ExecutorService threads;
    private PluginWatcher watcher;
    private Object watchedKey;
    private boolean missing;

    /**
     * @param directory the plugins directory
     * @param onChange  called on every file event, from a watcher thread
     * @param threads   runs the watchers' loops; a watcher holds its thread until it closes
     */
    WatchKeeper(Path directory, Runnable onChange, ExecutorService threads) {
        this.directory = directory;
        this.onChange = onChange;
        this.threads = threads;
    }

    void start() throws IOException {
        watcher = new PluginWatcher(directory, onChange, threads);
        watchedKey = directoryKey();
    }

    /**
     * Checks that the watch still watches the directory that is there.
     *
     * @return whether the watch was made again, after which the directory must be scanned
     */
    boolean check() {
        Object key = directoryKey();
        if (key == null) {
            if (!missing) {
                missing = true;
                LOG.warn("the plugins directory " + directory + " is gone; the active versions keep serving and "
                        + "watching resumes when it is back");
            }
            return false;
        }
        if (key.equals(watchedKey)) {
            return false;
        }
        try {
            close();
            watcher = new PluginWatcher(directory, onChange, threads);
            watchedKey = key;
            missing = false;
            LOG.info("watching " + directory + " again");
            return true;
        } catch (IOException e) {
            LOG.warn("cannot watch " + directory + " yet: " + e);
            return false;
        }
    }

    void close() {
        if (watcher == null) {
            return;
        }
        try {
            watcher.close();
        } catch (IOException e) {
            LOG.warn("closing the directory watcher failed: " + e);
        }
        watcher = null;
    }

    private Object directoryKey() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(directory, BasicFileAttributes.class);
            if (!attributes.isDirectory()) {
                return null;
            }
            // File systems without file keys fall back to the creation time, which a re-created directory changes.
            return attributes.fileKey() != null ? attributes.fileKey() : attributes.creationTime();
        } catch (IOException e) {
            return null;
        }
    }
}

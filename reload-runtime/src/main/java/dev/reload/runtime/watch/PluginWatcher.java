package dev.reload.runtime.watch;

import io.methvin.watcher.DirectoryWatcher;
import org.slf4j.helpers.NOPLogger;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.concurrent.Executor;

/**
 * Turns file events in the plugins directory into scan requests. Events only say that something changed; what
 * changed is always read from the directory itself, so a missed or coalesced event costs nothing but latency.
 */
public final class PluginWatcher implements AutoCloseable {

    /** Where plugins keep their data, inside the plugins directory; their writes are not deployments. */
    public static final String DATA_DIRECTORY = ".data";

    private final DirectoryWatcher watcher;

    /**
     * @param directory the plugins directory
     * @param onChange  called on every event, from the watcher's thread; must return quickly
     * @param executor  runs the watcher's loop
     * @throws IOException if the directory cannot be watched
     */
    public PluginWatcher(Path directory, Runnable onChange, Executor executor) throws IOException {
        if (!fileTreeModifierAvailable()) {
            // The library names com.sun.nio.file.ExtendedWatchEventModifier on its watching thread and catches only
            // UnsupportedOperationException: without the module it would stop watching there, and say nothing.
            throw new IOException("cannot watch " + directory + ": this JVM runs without the module jdk.unsupported, "
                    + "which the directory watcher needs; start it with --add-modules jdk.unsupported, or turn "
                    + "watching off with watch=false and rescan with poll");
        }
        Path data = directory.resolve(DATA_DIRECTORY);
        this.watcher = DirectoryWatcher.builder()
                .path(directory)
                // The JDK's own watch service: on Linux it is inotify; the library's macOS service would need JNA.
                .watchService(FileSystems.getDefault().newWatchService())
                .fileHashing(false)
                .logger(NOPLogger.NOP_LOGGER)
                .listener(event -> {
                    if (event.path() == null || !event.path().startsWith(data)) {
                        onChange.run();
                    }
                })
                .build();
        watcher.watchAsync(executor);
    }

    private static boolean fileTreeModifierAvailable() {
        try {
            Class.forName("com.sun.nio.file.ExtendedWatchEventModifier", false,
                    DirectoryWatcher.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        watcher.close();
    }
}

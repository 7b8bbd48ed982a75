package dev.reload.bench.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A plugins directory and a staging directory beside it on the same file system, so that a jar staged in advance
 * lands in the plugins directory with one atomic rename, as a careful deployment does. Staging ahead keeps the cost
 * of building and writing a jar out of every measurement.
 */
final class DeploymentArea implements AutoCloseable {

    private final Path root;
    private final Path plugins;
    private final Path staging;
    private int staged;

    DeploymentArea() {
        try {
            root = Files.createTempDirectory("reload-bench-");
            plugins = Files.createDirectory(root.resolve("plugins"));
            staging = Files.createDirectory(root.resolve("staging"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path plugins() {
        return plugins;
    }

    /** Writes a jar into the staging directory. */
    Path stage(byte[] jar) {
        Path file = staging.resolve("jar-" + (staged++) + ".tmp");
        try {
            Files.write(file, jar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Writes a jar straight into the plugins directory: for jars present before the runtime starts. */
    void install(String fileName, byte[] jar) {
        try {
            Files.write(plugins.resolve(fileName), jar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Renames a staged jar into the plugins directory, replacing any file of that name.
     *
     * @return {@link System#nanoTime()} just before the rename
     */
    long deploy(Path stagedJar, String fileName) {
        long start = System.nanoTime();
        try {
            Files.move(stagedJar, plugins.resolve(fileName), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return start;
    }

    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            System.err.println("cannot delete " + root + ": " + e);
        }
    }
}

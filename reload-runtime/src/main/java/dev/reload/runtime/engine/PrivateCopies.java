package dev.reload.runtime.engine;

import dev.reload.runtime.log.Log;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/**
 * The temporary directory that holds the private copies versions load from. Named after the process, so that the
 * directories a killed JVM left behind (a SIGKILL runs no cleanup) are recognised and removed by the next runtime
 * that starts on the machine. The runtime writes nothing else to disk: a JVM killed mid-swap leaves the plugins
 * directory exactly as the deployment left it.
 */
final class PrivateCopies {

    private static final Log LOG = Log.get(PrivateCopies.class);
    private static final String PREFIX = "reload-jars-";
    private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> OWNER_ONLY =
            PosixFilePermissions.fromString("rwx------");

    private PrivateCopies() {
    }

    /**
     * Creates the directory, readable by the JVM's user only. Not with {@code Files.createTempDirectory}: its random
     * name costs a {@code SecureRandom}, tens of milliseconds in a JVM that is starting. A name that exists already
     * is never used, whoever made it; another is tried.
     */
    static Path create() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        removeOrphans(tmp);
        String name = PREFIX + ProcessHandle.current().pid() + "-" + Long.toString(System.nanoTime() & Long.MAX_VALUE,
                Character.MAX_RADIX);
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] ownerOnly = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        for (int attempt = 0; ; attempt++) {
            try {
                return Files.createDirectory(tmp.resolve(attempt == 0 ? name : name + "-" + attempt), ownerOnly);
            } catch (FileAlreadyExistsException e) {
                if (attempt == 100) {
                    throw e;
                }
            }
        }
    }

    static void delete(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(directory);
        } catch (IOException ignored) {
            // A version still draining holds its copy; the next runtime on this machine removes the directory.
        }
    }

    private static void removeOrphans(Path tmp) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, PREFIX + "*")) {
            for (Path dir : dirs) {
                long pid = pidOf(dir.getFileName().toString());
                if (pid > 0 && ProcessHandle.of(pid).isEmpty()) {
                    delete(dir);
                    LOG.debug("removed " + dir + ", left by a JVM that is gone");
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not look for leftover copies in " + tmp + ": " + e);
        }
    }

    private static long pidOf(String name) {
        int end = name.indexOf('-', PREFIX.length());
        try {
            return end < 0 ? -1 : Long.parseLong(name.substring(PREFIX.length(), end));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}

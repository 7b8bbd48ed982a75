package dev.reload.runtime.exploded;

import dev.reload.runtime.plugin.JarLimits;
import dev.reload.runtime.trust.FilePermissions;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Copies a tree of class files into a jar of its own, so that a generation loads from files no compiler writes to
 * any more: the rest of the runtime then loads it exactly as it loads a jar (limits, services, linkage, class loader).
 * Entries are stored, not compressed: the copy is read once, at once, on the same machine.
 *
 * <p>The limits that bound what a jar expands to bound the tree: its number of files and their total size.
 */
final class TreeSnapshot {

    private static final String MANIFEST = "META-INF/MANIFEST.MF";

    private TreeSnapshot() {
    }

    /**
     * @return why the tree must not load as it is (over the limits, or writable by other users when
     *         {@code strictPermissions}), or {@code null} when it may
     * @throws IOException if the tree cannot be walked
     */
    static String problem(Path root, TreeFingerprint fingerprint, JarLimits limits, boolean strictPermissions)
            throws IOException {
        if (fingerprint.files() > limits.maxEntries()) {
            return "more than " + limits.maxEntries() + " files (maxJarEntries=" + limits.maxEntries() + ")";
        }
        if (fingerprint.bytes() > limits.maxTotalSize()) {
            return "its files add up to more than " + limits.maxTotalSize() + " bytes (maxJarSize="
                    + limits.maxTotalSize() + ")";
        }
        if (!strictPermissions) {
            return null;
        }
        String[] found = new String[1];
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                return check(dir);
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                return check(file);
            }

            private FileVisitResult check(Path path) {
                found[0] = FilePermissions.problem(path).orElse(null);
                return found[0] == null ? FileVisitResult.CONTINUE : FileVisitResult.TERMINATE;
            }
        });
        return found[0];
    }

    /**
     * Writes every regular file under {@code root} to {@code jar}, the manifest first, as the JDK's jar readers
     * expect.
     *
     * @throws IOException if a file cannot be read, as when a compile deletes it meanwhile
     */
    static void write(Path root, Path jar) throws IOException {
        List<Path> files = new ArrayList<>();
        List<Path> directories = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                if (!dir.equals(root)) {
                    directories.add(dir);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (attributes.isRegularFile()) {
                    files.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        Path manifest = root.resolve(MANIFEST);
        if (files.remove(manifest)) {
            directories.remove(manifest.getParent());
            directories.add(0, manifest.getParent());
            files.add(0, manifest);
        }
        CRC32 crc = new CRC32();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(jar), 64 * 1024);
             ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Path dir : directories) {
                zip.putNextEntry(stored(name(root, dir) + "/", new byte[0], crc));
                zip.closeEntry();
            }
            for (Path file : files) {
                byte[] bytes = Files.readAllBytes(file);
                zip.putNextEntry(stored(name(root, file), bytes, crc));
                zip.write(bytes);
                zip.closeEntry();
            }
        }
    }

    private static ZipEntry stored(String name, byte[] bytes, CRC32 crc) {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(bytes.length);
        entry.setCompressedSize(bytes.length);
        crc.reset();
        crc.update(bytes);
        entry.setCrc(crc.getValue());
        return entry;
    }

    private static String name(Path root, Path path) {
        return root.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
    }
}

package dev.reload.runtime.exploded;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What a tree of files looks like, cheaply: how many files, their total size, and one hash over every file's path,
 * size and modification time. Any write, rename or delete in the tree changes it, so that two equal fingerprints
 * taken a quiet period apart mean that nothing was written in between.
 *
 * @param files   the number of regular files
 * @param classes how many of them are class files
 * @param bytes   their total size
 * @param hash    a hash over each file's relative path, size and modification time
 */
record TreeFingerprint(int files, int classes, long bytes, long hash) {

    /**
     * @param root the tree, a real path (links resolved): links inside it are not followed
     * @throws IOException if the tree cannot be walked, as when it is deleted meanwhile
     */
    static TreeFingerprint of(Path root) throws IOException {
        long[] sums = new long[4];
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (attributes.isRegularFile()) {
                    long h = root.relativize(file).toString().hashCode();
                    h = h * 0x9E3779B97F4A7C15L + attributes.size();
                    h = h * 0x9E3779B97F4A7C15L + attributes.lastModifiedTime().toMillis() * 1_000_003L
                            + attributes.lastModifiedTime().toInstant().getNano();
                    // A sum, not a chain, so that the order the directory lists its files in does not count.
                    sums[2] += mix(h);
                    sums[0]++;
                    sums[1] += attributes.size();
                    if (file.getFileName().toString().endsWith(".class")) {
                        sums[3]++;
                    }
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return new TreeFingerprint((int) Math.min(sums[0], Integer.MAX_VALUE),
                (int) Math.min(sums[3], Integer.MAX_VALUE), sums[1], sums[2]);
    }

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }
}

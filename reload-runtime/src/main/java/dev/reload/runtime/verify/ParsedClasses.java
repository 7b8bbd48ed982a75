package dev.reload.runtime.verify;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Class files already read, by their exact bytes: a new version of a plugin mostly bundles the very library classes
 * the version before it did, and reading a class file's references is the larger part of a linkage check. Keyed by the
 * whole content, compared byte for byte, so that a class is reused only when it is the same class file.
 *
 * <p>Keeps what the last {@value #KEEP} checks used and forgets the rest, so that it holds about as much as the
 * last few plugin versions' class files. Thread-safe; reading a class happens outside the lock.
 */
final class ParsedClasses {

    private static final int KEEP = 4;

    private final Map<Content, Parsed> byContent = new HashMap<>();
    private long checks;

    /** @return the number of the check that starts, for {@link #read} and {@link #end} */
    synchronized long begin() {
        return ++checks;
    }

    /** @return the class file read, from a check that read the same bytes before if one did */
    JarClass read(byte[] classFile, long check) {
        Content key = new Content(classFile);
        synchronized (this) {
            Parsed parsed = byContent.get(key);
            if (parsed != null) {
                parsed.usedBy = Math.max(parsed.usedBy, check);
                return parsed.jarClass;
            }
        }
        JarClass jarClass = ReferenceCollector.read(classFile);
        synchronized (this) {
            byContent.putIfAbsent(key, new Parsed(jarClass, check));
        }
        return jarClass;
    }

    /** Forgets the classes none of the last checks used. */
    synchronized void end(long check) {
        byContent.values().removeIf(parsed -> check - parsed.usedBy >= KEEP);
    }

    private static final class Parsed {
        final JarClass jarClass;
        long usedBy;

        Parsed(JarClass jarClass, long usedBy) {
            this.jarClass = jarClass;
            this.usedBy = usedBy;
        }
    }

    /** A class file's bytes as a key: hashed once, equal only to the same bytes. */
    private static final class Content {
        private final byte[] bytes;
        private final int hash;

        Content(byte[] bytes) {
            this.bytes = bytes;
            CRC32C crc = new CRC32C();
            crc.update(bytes);
            this.hash = (int) crc.getValue();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Content content && content.hash == hash && Arrays.equals(content.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}

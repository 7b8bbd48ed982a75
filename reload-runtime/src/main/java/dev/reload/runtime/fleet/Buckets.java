package dev.reload.runtime.fleet;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Where a node stands in a version's roll-out: a bucket in [0, 100), in hundredths, the same on every node that
 * computes it and different for each version, so that the nodes that go first change from one version to the next.
 *
 * <pre>
 * digest = SHA-256(UTF-8(node + "\n" + groupId + ":" + artifactId + "\n" + version))
 * bucket = floor(unsigned big-endian value of digest's first 8 bytes * 10000 / 2^64) / 100
 * </pre>
 *
 * A node takes a version when its bucket is below the version's roll-out percentage now. The README gives this
 * formula and its test vectors, so that an operator can tell which nodes go first.
 */
final class Buckets {

    private Buckets() {
    }

    /** @return the node's bucket for that version in hundredths, 0 to 9999 */
    static int hundredths(String node, String groupId, String artifactId, String version) {
        byte[] digest = sha256(node + "\n" + groupId + ":" + artifactId + "\n" + version);
        long high = 0;
        for (int i = 0; i < 8; i++) {
            high = (high << 8) | (digest[i] & 0xff);
        }
        // floor(high * 10000 / 2^64), with high unsigned: the upper 64 bits of the 128-bit product.
        long product = Math.multiplyHigh(high, 10_000L);
        if (high < 0) {
            product += 10_000L; // multiplyHigh is signed; an unsigned high adds 2^64 * 10000 / 2^64.
        }
        return (int) product;
    }

    /** @return the node's bucket for that version, in [0, 100) */
    static double bucket(String node, String groupId, String artifactId, String version) {
        return hundredths(node, groupId, artifactId, version) / 100.0;
    }

    /** @return whether a node in {@code bucketHundredths} takes a version rolled out to {@code percent} */
    static boolean takes(int bucketHundredths, double percent) {
        return bucketHundredths < percent * 100;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}

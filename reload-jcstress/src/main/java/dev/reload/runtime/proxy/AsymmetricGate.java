package dev.reload.runtime.proxy;

/**
 * Puts the asymmetric gate in force in a jcstress fork, or fails the test: a gate that quietly took the atomic path
 * would pass every test here for the wrong reason, its atomic add being a full barrier of its own.
 *
 * <p>jcstress gives its forks JNA properties for its own copy ({@code jna.noclasspath}, {@code jna.nounpack},
 * {@code jna.boot.library.path} pointing at the one library file it unpacked), and a JNA native library loads into
 * one class loader only. The runtime's isolated JNA reads the same properties, so they are cleared before the barrier
 * first loads: the runtime's copy then unpacks a library file of its own, as it does in an application.
 */
final class AsymmetricGate {

    static {
        System.setProperty("reload.gate", "asymmetric");
        System.clearProperty("jna.noclasspath");
        System.clearProperty("jna.nounpack");
        System.clearProperty("jna.boot.library.path");
        System.clearProperty("jna.platform.library.path");
        if (!CallBarrier.available()) {
            throw new IllegalStateException("the asymmetric gate is not in force: " + CallBarrier.describe());
        }
    }

    private AsymmetricGate() {
    }

    /** @throws IllegalStateException (as this class's initializer error) if the asymmetric gate is not in force */
    static void required() {
        // The work is in the class's initializer, run once per fork, before CallBarrier's.
    }
}

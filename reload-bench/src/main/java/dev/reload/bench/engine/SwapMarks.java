package dev.reload.bench.engine;

/**
 * Timestamps that a generated plugin version takes of itself: when its implementation class is initialised and when
 * its constructor returns. They split a swap where no event does, between reading the jar and instantiating it.
 *
 * <p>Public because plugin code, in a class loader of its own, calls it.
 */
public final class SwapMarks {

    private static volatile long initialized;
    private static volatile long constructed;

    private SwapMarks() {
    }

    /** Called by the static initializer of a generated implementation class. */
    public static void initialized() {
        initialized = System.nanoTime();
    }

    /** Called last by the constructor of a generated implementation class. */
    public static void constructed() {
        constructed = System.nanoTime();
    }

    static void reset() {
        initialized = 0;
        constructed = 0;
    }

    /** @return {@link System#nanoTime()} when the last implementation class was initialised, or 0 */
    static long initializedAt() {
        return initialized;
    }

    /** @return {@link System#nanoTime()} when the last constructor returned, or 0 */
    static long constructedAt() {
        return constructed;
    }
}

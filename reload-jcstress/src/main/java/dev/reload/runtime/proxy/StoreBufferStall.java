package dev.reload.runtime.proxy;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Keeps a thread's next stores in its processor's store buffer for a while, so that a test can see what a missing
 * StoreLoad barrier allows without waiting for the coincidence of a cache miss at the right moment.
 *
 * <p>Stores leave the store buffer in program order (x86 and ARM alike keep a store buffer; x86 also drains it in
 * order). A few stores to lines that no cache holds (random lines of an array far larger than the last-level cache)
 * each wait for memory, and every store queued behind them waits too, while the loads that follow go ahead. So after
 * {@link #stall()} a plain store of a count stays invisible to other processors for about a memory access, hundreds
 * of nanoseconds rather than the few cycles it normally is: long enough for the other actor of a jcstress test to
 * run its whole side in between. The caller's own loads are untouched: that is the reordering the swap's barrier
 * exists to make harmless.
 */
final class StoreBufferStall {

    /** 256 MiB: larger than any last-level cache the tests run on, so random lines are in none. */
    private static final int LINES = 1 << 22;
    private static final int LONGS_PER_LINE = 8;
    private static final int STORES = 4;
    private static final long[] FAR = new long[LINES * LONGS_PER_LINE];

    private StoreBufferStall() {
    }

    /** Queues a few stores that miss every cache ahead of the calling thread's next stores. */
    static void stall() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < STORES; i++) {
            FAR[random.nextInt(LINES) * LONGS_PER_LINE] = i;
        }
    }
}

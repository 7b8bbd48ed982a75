package dev.reload.runtime.proxy;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts the calls inside one plugin version so that the version is closed only after the last of them returned,
 * and the calls that ever entered it.
 *
 * <p>A single shared counter would make every call of every thread write the same cache line. Instead the count is
 * striped over padded cells picked by a hash of the calling thread's id; a thread always hashes to the same cell, so
 * {@link #exit()} decrements the very cell {@link #enter()} incremented and no cell ever goes negative. That is what
 * makes {@link #inFlight()} safe to read cell by cell: a sum of zero means every cell was zero when read.
 *
 * <p>Both counts share one atomic add: a cell holds the calls that entered it above {@link #IN_FLIGHT_BITS} bits and
 * the calls inside it below, so counting calls costs the call path nothing beyond the gate it already needs. The
 * entered count wraps after 2<sup>44</sup> calls through one cell, over a year at half a million calls a second per
 * cell.
 *
 * <p>Whether a version can still be entered is not this class's business: {@link ServiceSlot#enter()} re-checks the
 * route after entering, which closes the race with a concurrent swap.
 */
public final class VersionGate {

    /** Longs per cell: 128 bytes, two cache lines, so that adjacent-line prefetching does not pair cells either. */
    private static final int STRIDE = 16;
    /** Room for a million calls inside one cell at once. */
    private static final int IN_FLIGHT_BITS = 20;
    private static final long IN_FLIGHT_MASK = (1L << IN_FLIGHT_BITS) - 1;
    private static final long ENTER = (1L << IN_FLIGHT_BITS) + 1;

    private final AtomicLongArray cells;
    private final int shift;

    public VersionGate() {
        int wanted = Math.min(64, Math.max(4, Integer.highestOneBit(Runtime.getRuntime().availableProcessors() * 4)));
        this.cells = new AtomicLongArray(wanted * STRIDE);
        this.shift = 64 - Integer.numberOfTrailingZeros(wanted);
    }

    /** Counts the calling thread in. Every {@code enter()} must be followed by one {@code exit()} on the same thread. */
    public void enter() {
        cells.getAndAdd(cell(), ENTER);
    }

    /** Counts the calling thread out. */
    public void exit() {
        cells.getAndDecrement(cell());
    }

    /** Counts out a call that entered but turned back before it ran: it is not counted as a call. */
    void cancel() {
        cells.getAndAdd(cell(), -ENTER);
    }

    /**
     * @return the number of calls inside; exact once no new call can enter, which is when retirement reads it
     */
    public long inFlight() {
        long sum = 0;
        for (int i = 0; i < cells.length(); i += STRIDE) {
            sum += cells.get(i) & IN_FLIGHT_MASK;
        }
        return sum;
    }

    /** @return the number of calls that entered, those inside included */
    public long calls() {
        long sum = 0;
        for (int i = 0; i < cells.length(); i += STRIDE) {
            sum += cells.get(i) >>> IN_FLIGHT_BITS;
        }
        return sum;
    }

    @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+; getId() is the same value.
    private int cell() {
        long id = Thread.currentThread().getId();
        return (int) ((id * 0x9E3779B97F4A7C15L) >>> shift) * STRIDE;
    }
}

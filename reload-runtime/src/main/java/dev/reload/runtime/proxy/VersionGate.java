package dev.reload.runtime.proxy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Counts the calls inside one plugin version so that the version is closed only after the last of them returned,
 * and the calls that ever entered it.
 *
 * <p>The count is striped over padded cells picked by a hash of the calling thread's id, so that threads rarely write
 * the same cache line, and a thread always finds the cell it counted itself in. Each cell has two ways to count:
 * <ul>
 *   <li>its owner's: the first thread to enter the cell claims it (one compare-and-set for the life of the
 *       version), and from then on counts the calls it entered and those it exited, two words only it writes, with
 *       plain stores, so a call costs no atomic instruction. Two words rather than one, so that a call's exit does
 *       not wait for its entry's store to be read back, nor the next entry for the exit's. That is safe only
 *       because a swap runs {@link CallBarrier#afterRouteChange()} between replacing the route and reading the
 *       counts; without the barrier ({@link CallBarrier#available()} false) no cell is ever claimed.</li>
 *   <li>the others': threads that hash to a cell another thread owns, and every thread where the barrier is not
 *       available, count themselves with an atomic add, whose full fence needs no help from the swap.</li>
 * </ul>
 * A call finds its cell once: {@link #enter()} returns a ticket that says which cell and which way, and the call's
 * exit takes it back, so on a proxy's fast path the exit neither looks up the thread again nor asks who owns the cell.
 *
 * <p>No count goes below what the calls inside make it, and {@link #inFlight()} reads an owner's exits before its
 * entries, so it may read the cells one by one: a sum of zero read after the barrier means no call was inside.
 *
 * <p>On the atomic path both counts share one update: the counter holds the calls that entered above
 * {@link #IN_FLIGHT_BITS} bits and the calls inside below. It wraps after 2<sup>44</sup> calls through one cell,
 * over a year at half a million calls a second.
 *
 * <p>Whether a version can still be entered is not this class's business: {@link ServiceSlot#tryEnter(Route)} re-checks
 * the route after entering, which closes the race with a concurrent swap.
 */
public final class VersionGate {

    /** Longs per cell: 128 bytes, two cache lines, so that adjacent-line prefetching does not pair cells either. */
    private static final int STRIDE = 16;
    private static final int OWNER = 0;
    private static final int ENTERED = 1;
    private static final int EXITED = 2;
    private static final int SHARED = 3;
    /** Thread ids start at 1. */
    private static final long NO_OWNER = 0;
    /** The owner of every cell of an atomic gate: no thread has this id, so no thread ever owns one. */
    private static final long NOBODY = -1;
    /** Room for a million calls inside one counter at once. */
    private static final int IN_FLIGHT_BITS = 20;
    private static final long IN_FLIGHT_MASK = (1L << IN_FLIGHT_BITS) - 1;
    private static final long ENTER = (1L << IN_FLIGHT_BITS) + 1;
    private static final VarHandle CELLS = MethodHandles.arrayElementVarHandle(long[].class);

    /**
     * Per cell: the owner's thread id, set once by compare-and-set (or {@link #NOBODY} from the start, in an atomic
     * gate); the owner's entries and exits, written only by the owner (opaque; the exit with release, so that the
     * call's effects come before the count that lets the version close); the others' packed counter, updated
     * atomically.
     */
    private final long[] cells;
    private final int shift;

    /** A gate with the asymmetric path where {@link CallBarrier} is available, else the atomic one. */
    public VersionGate() {
        this(CallBarrier.available());
    }

    private VersionGate(boolean asymmetric) {
        int wanted = Math.min(256, Math.max(16,
                Integer.highestOneBit(Runtime.getRuntime().availableProcessors() * 8)));
        this.cells = new long[wanted * STRIDE];
        this.shift = 64 - Integer.numberOfTrailingZeros(wanted);
        if (!asymmetric) {
            // Taken before any thread can claim them: the fast path's one test, "is the owner me?", then sends every
            // call to the atomic path without asking which kind of gate this is.
            for (int i = 0; i < cells.length; i += STRIDE) {
                cells[i + OWNER] = NOBODY;
            }
        }
    }

    /** @return a gate whose every call takes the atomic path, as every gate does where the barrier is missing */
    public static VersionGate atomic() {
        return new VersionGate(false);
    }

    /**
     * Counts the calling thread in. Every {@code enter()} must be followed by one {@link #exit(int)} on the same
     * thread, with what this returned.
     *
     * @return the ticket the call's exit needs: which cell it counted itself in, and how; never
     *         {@link Integer#MIN_VALUE}
     */
    public int enter() {
        long id = threadId();
        int cell = cell(id);
        long[] cells = this.cells;
        int ticket;
        if (isOwner(cell, id)) {
            CELLS.setOpaque(cells, cell + ENTERED, cells[cell + ENTERED] + 1);
            ticket = cell;
        } else {
            ticket = enterSlowly(cell, id);
        }
        // Emits no instruction: keeps the compilers from moving the count's store below the route's re-read that
        // follows (ServiceSlot.tryEnter), or the hold's (ServiceSlot.awaitRoute). The processor may still do so;
        // CallBarrier.afterRouteChange() is what makes that harmless.
        VarHandle.acquireFence();
        return ticket;
    }

    /** Claims a free cell for the calling thread, once per thread and version, or counts on the atomic path. */
    private int enterSlowly(int cell, long id) {
        if (id > 0 && cells[cell + OWNER] == NO_OWNER) {
            if ((long) CELLS.compareAndExchange(cells, cell + OWNER, NO_OWNER, id) == NO_OWNER) {
                CELLS.setOpaque(cells, cell + ENTERED, cells[cell + ENTERED] + 1);
                return cell;
            }
        }
        long ignored = (long) CELLS.getAndAdd(cells, cell + SHARED, ENTER);
        return ~cell;
    }

    /**
     * @return the ticket {@link #enter()} returns to the calling thread; the same after every call, once the thread
     *         has entered this gate
     */
    public int ticket() {
        long id = threadId();
        int cell = cell(id);
        return isOwner(cell, id) ? cell : ~cell;
    }

    /**
     * Java 17 lets a subclass of {@link Thread} override {@code getId()}: an id that is not positive could match a
     * free cell or an atomic gate's {@link #NOBODY}, so such a thread never owns a cell.
     */
    private boolean isOwner(int cell, long id) {
        return id > 0 && cells[cell + OWNER] == id;
    }

    /** Counts the calling thread out, with what its {@link #enter()} returned. */
    public void exit(int ticket) {
        long[] cells = this.cells;
        if (ticket >= 0) {
            CELLS.setRelease(cells, ticket + EXITED, cells[ticket + EXITED] + 1);
        } else {
            long ignored = (long) CELLS.getAndAdd(cells, ~ticket + SHARED, -1L);
        }
    }

    /** Counts out a call that entered but turned back before it ran: it is not counted as a call. */
    void cancel(int ticket) {
        if (ticket >= 0) {
            CELLS.setOpaque(cells, ticket + ENTERED, cells[ticket + ENTERED] - 1);
        } else {
            long ignored = (long) CELLS.getAndAdd(cells, ~ticket + SHARED, -ENTER);
        }
    }

    /**
     * @return the number of calls inside; exact once no new call can enter and the barrier has run, which is when
     *         retirement reads it
     */
    public long inFlight() {
        long sum = 0;
        for (int i = 0; i < cells.length; i += STRIDE) {
            // Exits first: entries read later are at least as many, whatever the owner did in between.
            long exited = (long) CELLS.getAcquire(cells, i + EXITED);
            sum += (long) CELLS.getAcquire(cells, i + ENTERED) - exited
                    + ((long) CELLS.getVolatile(cells, i + SHARED) & IN_FLIGHT_MASK);
        }
        return sum;
    }

    /** @return the number of calls that entered, those inside included */
    public long calls() {
        long sum = 0;
        for (int i = 0; i < cells.length; i += STRIDE) {
            sum += (long) CELLS.getAcquire(cells, i + ENTERED)
                    + ((long) CELLS.getVolatile(cells, i + SHARED) >>> IN_FLIGHT_BITS);
        }
        return sum;
    }

    /** @return whether calls of the calling thread take the asymmetric path through this gate */
    boolean ownedByCurrentThread() {
        return ticket() >= 0;
    }

    private int cell(long id) {
        return (int) ((id * 0x9E3779B97F4A7C15L) >>> shift) * STRIDE;
    }

    @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+; getId() is the same value.
    private static long threadId() {
        return Thread.currentThread().getId();
    }
}

package dev.reload.runtime.proxy;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Lets a test's fresh {@link VersionGate} meet its caller as a gate meets a thread in steady state: with the thread's
 * cell already claimed, so that the call counts itself in with plain stores only.
 *
 * <p>Without this, jcstress's fresh state per sample makes every call the thread's first through its gate, and the
 * first call claims its cell with a compare-and-set: a locked instruction, which drains the caller's store buffer and
 * hides the very reordering the swap's barrier guards against. The race that matters is a swap against callers that
 * have been calling the old version for a while, whose cells are long claimed.
 */
final class SteadyCaller {

    private static final MethodHandle CELLS;
    private static final MethodHandle CELL;
    /** The calling actor's thread id, once it has called; written by that thread only. */
    private static volatile long caller;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(VersionGate.class, MethodHandles.lookup());
            CELLS = lookup.findGetter(VersionGate.class, "cells", long[].class);
            CELL = lookup.findVirtual(VersionGate.class, "cell", MethodType.methodType(int.class, long.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private SteadyCaller() {
    }

    /** Called by the calling actor: from then on, gates made for it arrive with its cell claimed. */
    @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+; VersionGate uses getId() too.
    static void isCurrentThread() {
        long id = Thread.currentThread().getId();
        if (caller != id) {
            caller = id;
        }
    }

    /**
     * Claims the caller's cell of {@code gate}, as its first call would have. Before the caller is known (the first
     * states of a run), the gate is left as it is and the call claims the cell itself.
     */
    static VersionGate claimed(VersionGate gate) {
        long id = caller;
        if (id != 0) {
            try {
                long[] cells = (long[]) CELLS.invokeExact(gate);
                cells[(int) CELL.invokeExact(gate, id)] = id;
            } catch (Throwable e) {
                throw new IllegalStateException("cannot claim a cell of the gate", e);
            }
        }
        return gate;
    }
}

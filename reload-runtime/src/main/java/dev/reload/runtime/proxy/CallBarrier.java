package dev.reload.runtime.proxy;

import dev.reload.runtime.jna.IsolatedJna;
import dev.reload.runtime.log.Log;

import java.util.function.IntUnaryOperator;

/**
 * The swap side of the asymmetric gate: after a route changes, forces every running thread of the process through a
 * full memory barrier, with Linux {@code membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED)}.
 *
 * <p>A call counts itself in with a plain store and then re-reads the route; a swap replaces the route and then reads
 * the counts. Each side needs its store ordered before its load (StoreLoad), or the call can read the old route while
 * the swap reads its count as zero. The call path used to pay for that with an atomic instruction per enter and per
 * exit. With this barrier the swap pays instead, once per route change: after it returns, every caller thread either
 * had its count visible to the swap or will read the new route. This is the asymmetric barrier of Linux RCU and of
 * folly's {@code asymmetricHeavyBarrier}.
 *
 * <p>The asymmetric gate is in force only with {@code -Dreload.gate=asymmetric}, and only where the barrier is
 * available (Linux, JNA, a kernel of 4.14 or later, no sandbox that refuses the system call). Otherwise every gate uses
 * the atomic path and this does nothing. The atomic gate stays the default until the asymmetric one is faster on the
 * machines measured: on a 2-core AMD EPYC guest, whose atomics are cheap, finding the thread's cell costs more than
 * they do. Decided once, when the class initializes; the decision never changes, so a gate made fast stays safe.
 *
 * <p>Public only because the engine and the status output, in other packages, say which gate is in force. Not for use
 * outside the runtime.
 */
public final class CallBarrier {

    private static final int QUERY = 0;
    private static final int PRIVATE_EXPEDITED = 1 << 3;
    private static final int REGISTER_PRIVATE_EXPEDITED = 1 << 4;

    private static final IntUnaryOperator MEMBARRIER;
    private static final String DESCRIPTION;

    static {
        IntUnaryOperator membarrier = null;
        String description;
        if (!"asymmetric".equals(System.getProperty("reload.gate"))) {
            description = "atomic: the default; -Dreload.gate=asymmetric asks for the asymmetric gate";
        } else {
            try {
                IntUnaryOperator candidate = IsolatedJna.load("dev.reload.runtime.jna.Membarrier",
                        IntUnaryOperator.class);
                description = register(candidate);
                if (description == null) {
                    membarrier = candidate;
                    description = "asymmetric: membarrier(2) private expedited";
                }
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                Throwable cause = e.getCause() != null && !(e instanceof ClassNotFoundException) ? e.getCause() : e;
                description = "atomic: no membarrier(2) here (" + cause + ")";
            }
        }
        MEMBARRIER = membarrier;
        DESCRIPTION = description;
        if (membarrier == null && "asymmetric".equals(System.getProperty("reload.gate"))) {
            Log.get(CallBarrier.class).warn("call gate " + description);
        } else {
            Log.get(CallBarrier.class).debug("call gate " + description);
        }
    }

    private CallBarrier() {
    }

    /** @return {@code "asymmetric"} or {@code "atomic"}: the gate new versions get, as the status output shows it */
    public static String gate() {
        return MEMBARRIER != null ? "asymmetric" : "atomic";
    }

    /** @return the gate in force and, for the atomic one, why the asymmetric one is not */
    public static String describe() {
        return DESCRIPTION;
    }

    static boolean available() {
        return MEMBARRIER != null;
    }

    /**
     * Call after publishing a new route (or a hold) and before reading any gate's count: then a count that reads zero
     * has no call inside. Never blocks on callers: the kernel interrupts the CPUs running this process's threads, and
     * none of them waits for anything.
     *
     * @throws IllegalStateException if the kernel refuses a barrier it accepted the registration of
     */
    public static void afterRouteChange() {
        if (MEMBARRIER != null) {
            int result = MEMBARRIER.applyAsInt(PRIVATE_EXPEDITED);
            if (result != 0) {
                throw new IllegalStateException("membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED) failed with errno "
                        + -result + " after the process registered for it");
            }
        }
    }

    /** @return {@code null} once registered, else why the barrier cannot be used */
    private static String register(IntUnaryOperator membarrier) {
        int supported = membarrier.applyAsInt(QUERY);
        if (supported < 0) {
            return "atomic: membarrier(2) is refused here (errno " + -supported + ")";
        }
        int needed = PRIVATE_EXPEDITED | REGISTER_PRIVATE_EXPEDITED;
        if ((supported & needed) != needed) {
            return "atomic: this kernel's membarrier(2) lacks MEMBARRIER_CMD_PRIVATE_EXPEDITED";
        }
        int registered = membarrier.applyAsInt(REGISTER_PRIVATE_EXPEDITED);
        return registered == 0 ? null
                : "atomic: membarrier(2) refused the registration (errno " + -registered + ")";
    }
}

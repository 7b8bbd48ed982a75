package dev.reload.runtime.proxy;

import dev.reload.api.ServiceUnavailableException;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Calls waiting while one version hands its state to the next: they must not reach the old version once it has
 * exported, nor the new one before it has imported. Each waits at most the limit, then fails rather than hang.
 *
 * <p>One kind of call is let through instead: a call made on a thread that is already inside the old version (its
 * code calls one of its own plugin's held services). Holding it would deadlock, since the old version cannot drain
 * until the outer call returns. Until the engine {@link #closeToNested() closes} the hold to them, such calls go to
 * the old version, which they are part of.
 *
 * <p>Public only because the engine, in another package, starts and ends holds. Not for use outside the runtime.
 */
public final class Hold {

    private static final StackWalker STACK = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private final CountDownLatch ended = new CountDownLatch(1);
    private final long limitNanos;
    private final String reason;
    private final ClassLoader draining;
    /**
     * Set once the old version has drained. Written before the engine reads the old gate's count again, and read by
     * a nested call after it entered that gate; with the barrier in between on the engine's side (the call may count
     * itself in with a plain store), one of them sees the other: either the engine counts the call, or the call sees
     * the hold closed and turns back.
     */
    private volatile boolean closedToNested;

    /**
     * @param limit    how long one call may wait
     * @param reason   what the hold is for, as a failed call reports it
     * @param draining the class loader of the version being drained, whose own calls are not held
     */
    public Hold(Duration limit, String reason, ClassLoader draining) {
        this.limitNanos = limit.toNanos();
        this.reason = reason;
        this.draining = draining;
    }

    /** @return whether the calling thread runs code of the draining version, and so must not wait for it to drain */
    boolean callerInsideDraining() {
        return !closedToNested
                && STACK.walk(frames -> frames.anyMatch(f -> f.getDeclaringClass().getClassLoader() == draining));
    }

    /** @return whether calls from inside the draining version are no longer let through */
    boolean closedToNested() {
        return closedToNested;
    }

    /**
     * Stops letting calls from inside the draining version through, once it has drained: from then on nothing may
     * enter it. The engine must read the gate's count again after this, to catch a call that entered just before.
     */
    public void closeToNested() {
        closedToNested = true;
        // A nested call counts itself in, then reads this flag: the same handshake as a route change.
        CallBarrier.afterRouteChange();
    }

    void await(Class<?> service) {
        boolean interrupted = false;
        long deadline = System.nanoTime() + limitNanos;
        try {
            for (;;) {
                try {
                    if (ended.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                        return;
                    }
                    throw new ServiceUnavailableException(service.getName(), "calls to " + service.getName()
                            + " were held while " + reason + ", and the hold outlasted drainTimeout="
                            + TimeUnit.NANOSECONDS.toMillis(limitNanos) + "ms");
                } catch (InterruptedException e) {
                    // A held call is part of the caller's work; keep the interrupt for after it.
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    void release() {
        ended.countDown();
    }
}

package dev.reload.runtime.proxy;

import dev.reload.api.ServiceUnavailableException;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Calls waiting while one version hands its state to the next: they must not reach the old version once it has
 * exported, nor the new one before it has imported. Each waits at most the limit, then fails rather than hang.
 *
 * <p>Public only because the engine, in another package, starts and ends holds. Not for use outside the runtime.
 */
public final class Hold {

    private final CountDownLatch ended = new CountDownLatch(1);
    private final long limitNanos;
    private final String reason;

    /**
     * @param limit  how long one call may wait
     * @param reason what the hold is for, as a failed call reports it
     */
    public Hold(Duration limit, String reason) {
        this.limitNanos = limit.toNanos();
        this.reason = reason;
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

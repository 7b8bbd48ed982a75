package dev.reload.runtime.proxy;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Swaps routes as fast as it can while caller threads hammer the slot, and checks the two promises the gate makes:
 * a drain that reads zero has no call inside its version, and every call is counted on the version that served it.
 */
class VersionGateStressTest {

    private static final int CALLERS = 3;
    private static final int SWAPS = 20_000;

    @Test
    void drainNeverCompletesWhileACallIsInsideAndNoCallIsCountedOnTheWrongVersion() throws Exception {
        ServiceSlot slot = new ServiceSlot(Runnable.class, null, "none");
        List<Version> versions = new ArrayList<>();
        Version first = new Version(0);
        versions.add(first);
        slot.reroute(first.route, "none");

        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        CountDownLatch started = new CountDownLatch(CALLERS);
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            Thread caller = new Thread(() -> {
                started.countDown();
                while (!stop.get()) {
                    Route route = slot.enter();
                    try {
                        Version version = (Version) route.target();
                        version.entered.incrementAndGet();
                        version.call(violations);
                    } finally {
                        route.exit();
                    }
                }
            }, "caller-" + i);
            caller.start();
            callers.add(caller);
        }
        started.await();

        // Bounded in time as well as in count: on a loaded two-core machine the callers compete with the swapper.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (int i = 1; i <= SWAPS && System.nanoTime() - deadline < 0; i++) {
            Version previous = versions.get(versions.size() - 1);
            Version next = new Version(i);
            versions.add(next);
            slot.reroute(next.route, "none");
            while (previous.gate.inFlight() != 0) {
                Thread.yield();
            }
            previous.close(violations);
        }
        stop.set(true);
        for (Thread caller : callers) {
            caller.join(TimeUnit.SECONDS.toMillis(30));
        }

        assertThat(violations).isEmpty();
        long served = 0;
        for (Version v : versions) {
            assertThat(v.calls.get()).as("calls served by version %d", v.number).isEqualTo(v.entered.get());
            assertThat(v.gate.inFlight()).isZero();
            served += v.calls.get();
        }
        assertThat(versions).hasSizeGreaterThan(20);
        assertThat(served).isGreaterThan(versions.size());
    }

    /** A version's target: knows whether it was closed and how many calls are inside it right now. */
    private static final class Version {
        final int number;
        final VersionGate gate = new VersionGate();
        final Route route;
        final AtomicInteger inside = new AtomicInteger();
        final AtomicLong calls = new AtomicLong();
        final AtomicLong entered = new AtomicLong();
        volatile boolean closed;

        Version(int number) {
            this.number = number;
            this.route = new Route(this, gate, "stress", Integer.toString(number));
        }

        void call(ConcurrentLinkedQueue<String> violations) {
            inside.incrementAndGet();
            if (closed) {
                violations.add("call entered closed version " + number);
            }
            calls.incrementAndGet();
            Thread.onSpinWait();
            if (closed) {
                violations.add("version " + number + " closed during a call");
            }
            inside.decrementAndGet();
        }

        void close(ConcurrentLinkedQueue<String> violations) {
            closed = true;
            int n = inside.get();
            if (n != 0) {
                violations.add("version " + number + " drained with " + n + " call(s) inside");
            }
        }
    }
}

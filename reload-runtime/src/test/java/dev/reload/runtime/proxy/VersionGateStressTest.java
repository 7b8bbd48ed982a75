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
import java.util.function.Supplier;

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
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        List<Version> versions = swapWhileCalling(slot, violations, VersionGate::new, () -> {
            Route route = slot.enter();
            try {
                Version version = (Version) route.target();
                version.entered.incrementAndGet();
                version.run();
            } finally {
                route.exit(route.ticket());
            }
        });

        assertThat(violations).isEmpty();
        for (Version v : versions) {
            assertThat(v.calls.get()).as("calls served by version %d", v.number).isEqualTo(v.entered.get());
        }
    }

    /** The same through a generated proxy, whose calls enter with the slot's fast path and exit with their ticket. */
    @Test
    void throughAProxyADrainNeverCompletesWhileACallIsInsideAndEveryCallIsCountedOnItsVersion() throws Exception {
        throughAProxy(VersionGate::new);
    }

    /** The same with the atomic gate, the default, whose every call exits with a ticket of the atomic path. */
    @Test
    void throughAProxyWithTheAtomicGateADrainNeverCompletesWhileACallIsInsideAndEveryCallIsCounted() throws Exception {
        throughAProxy(VersionGate::atomic);
    }

    private static void throughAProxy(Supplier<VersionGate> gates) throws InterruptedException {
        ServiceSlot slot = new ServiceSlot(Runnable.class, null, "none");
        Runnable proxy = ServiceProxyFactory.create(Runnable.class, slot);
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        List<Version> versions = swapWhileCalling(slot, violations, gates, proxy);

        assertThat(violations).isEmpty();
        for (Version v : versions) {
            assertThat(v.gate.calls()).as("calls counted by version %d's gate", v.number).isEqualTo(v.calls.get());
        }
    }

    /**
     * Runs {@code call} on {@link #CALLERS} threads while swapping the slot to a new version each time the previous
     * one drained, and closes each drained version.
     *
     * @return the versions, all drained and closed but the last
     */
    private static List<Version> swapWhileCalling(ServiceSlot slot, ConcurrentLinkedQueue<String> violations,
                                                  Supplier<VersionGate> gates, Runnable call)
            throws InterruptedException {
        List<Version> versions = new ArrayList<>();
        Version first = new Version(0, gates.get(), violations);
        versions.add(first);
        slot.reroute(first.route, "none");

        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(CALLERS);
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            Thread caller = new Thread(() -> {
                started.countDown();
                while (!stop.get()) {
                    call.run();
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
            Version next = new Version(i, gates.get(), violations);
            versions.add(next);
            slot.reroute(next.route, "none");
            long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (previous.gate.inFlight() != 0) {
                if (System.nanoTime() - drainDeadline > 0) {
                    violations.add("version " + previous.number + " still counts " + previous.gate.inFlight()
                            + " call(s) inside 10 s after the swap");
                    break;
                }
                Thread.yield();
            }
            if (previous.gate.inFlight() == 0) {
                previous.close();
            }
        }
        stop.set(true);
        for (Thread caller : callers) {
            caller.join(TimeUnit.SECONDS.toMillis(30));
        }

        long served = 0;
        for (Version v : versions) {
            assertThat(v.gate.inFlight()).isZero();
            served += v.calls.get();
        }
        assertThat(versions).hasSizeGreaterThan(20);
        assertThat(served).isGreaterThan(versions.size());
        return versions;
    }

    /** A version's target: knows whether it was closed and how many calls are inside it right now. */
    private static final class Version implements Runnable {
        final int number;
        final ConcurrentLinkedQueue<String> violations;
        final VersionGate gate;
        final Route route;
        final AtomicInteger inside = new AtomicInteger();
        final AtomicLong calls = new AtomicLong();
        final AtomicLong entered = new AtomicLong();
        volatile boolean closed;

        Version(int number, VersionGate gate, ConcurrentLinkedQueue<String> violations) {
            this.number = number;
            this.gate = gate;
            this.violations = violations;
            this.route = new Route(this, gate, "stress", Integer.toString(number));
        }

        @Override
        public void run() {
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

        void close() {
            closed = true;
            int n = inside.get();
            if (n != 0) {
                violations.add("version " + number + " drained with " + n + " call(s) inside");
            }
        }
    }
}

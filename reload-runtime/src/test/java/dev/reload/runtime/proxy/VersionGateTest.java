package dev.reload.runtime.proxy;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class VersionGateTest {

    @Test
    void theAsymmetricGateIsInForceOnLinuxWithJna() {
        assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux"), "not Linux");
        assumeTrue(Set.of("amd64", "x86_64", "aarch64").contains(System.getProperty("os.arch")), "another processor");

        assertThat(CallBarrier.describe()).startsWith("asymmetric");
        assertThat(CallBarrier.gate()).isEqualTo("asymmetric");
        VersionGate gate = new VersionGate();
        int ticket = gate.enter();
        assertThat(gate.ownedByCurrentThread()).as("the first thread in a cell counts itself without atomics").isTrue();
        assertThat(ticket).as("the owner's ticket").isNotNegative();
        gate.exit(ticket);
    }

    @Test
    void anAtomicGateNeverLetsAThreadOwnACell() {
        VersionGate gate = VersionGate.atomic();

        int ticket = gate.enter();

        assertThat(gate.ownedByCurrentThread()).isFalse();
        assertThat(ticket).as("the atomic path's ticket").isNegative();
        assertThat(gate.inFlight()).isOne();
        gate.exit(ticket);
        assertThat(gate.inFlight()).isZero();
    }

    @Test
    void callsAndCallsInsideAddUpOverThreadsWhateverPathEachTakes() throws Exception {
        for (VersionGate gate : new VersionGate[] {new VersionGate(), VersionGate.atomic()}) {
            int ticket = gate.enter();
            gate.cancel(gate.enter());
            Thread[] others = new Thread[40];
            for (int i = 0; i < others.length; i++) {
                others[i] = new Thread(() -> {
                    gate.exit(gate.enter());
                    gate.enter();
                });
                others[i].start();
            }
            for (Thread other : others) {
                other.join();
            }

            assertThat(gate.inFlight()).as("one here, one left inside by each other thread").isEqualTo(41);
            assertThat(gate.calls()).as("the cancelled call is not a call").isEqualTo(1 + 2 * 40);
            gate.exit(ticket);
            assertThat(gate.inFlight()).isEqualTo(40);
        }
    }

    /** A service with a wide return type and a method that throws, for the proxy's exits with a ticket. */
    public interface Meter {
        long read(long x);

        void fail();
    }

    @Test
    void aProxyCallThatCountsOnTheAtomicPathExitsWithItsTicketOnEitherGate() throws Exception {
        assumeTrue(CallBarrier.available(), "the asymmetric gate is not in force here");
        for (VersionGate gate : new VersionGate[] {new VersionGate(), VersionGate.atomic()}) {
            // 400 other threads, one call each, first: every one of the gate's 16 to 256 cells is someone else's.
            for (int i = 0; i < 400; i++) {
                Thread other = new Thread(() -> gate.exit(gate.enter()));
                other.start();
                other.join();
            }
            Route route = new Route(new Meter() {
                @Override
                public long read(long x) {
                    return x * 3;
                }

                @Override
                public void fail() {
                    throw new IllegalStateException("failed");
                }
            }, gate, "meter", "1");
            ServiceSlot slot = new ServiceSlot(Meter.class, null, "none");
            Meter proxy = ServiceProxyFactory.create(Meter.class, slot);
            slot.reroute(route, null);

            long sum = 0;
            for (int i = 0; i < 1_000; i++) {
                sum += proxy.read(i);
            }
            for (int i = 0; i < 10; i++) {
                assertThatThrownBy(proxy::fail).hasMessage("failed");
            }

            assertThat(sum).isEqualTo(3L * 999 * 1_000 / 2);
            assertThat(gate.ownedByCurrentThread()).as("this thread's cell is another's").isFalse();
            assertThat(gate.inFlight()).isZero();
            assertThat(gate.calls()).isEqualTo(400 + 1_000 + 10);
            assertThat(route.failures()).isEqualTo(10);
        }
    }

    @Test
    void aThreadWhoseIdIsNotPositiveNeverOwnsACellOfEitherGate() throws Exception {
        for (long fakeId : new long[] {0, -1}) {
            for (VersionGate gate : new VersionGate[] {new VersionGate(), VersionGate.atomic()}) {
                AtomicReference<Boolean> owned = new AtomicReference<>();
                Thread thread = new Thread(() -> {
                    gate.exit(gate.enter());
                    int ticket = gate.enter();
                    owned.set(gate.ownedByCurrentThread());
                    gate.exit(ticket);
                }) {
                    @Override
                    @SuppressWarnings("deprecation")
                    public long getId() {
                        return fakeId;
                    }
                };
                thread.start();
                thread.join();

                assertThat(owned.get()).as("a thread whose getId() is %d", fakeId).isFalse();
                assertThat(gate.inFlight()).isZero();
                assertThat(gate.calls()).isEqualTo(2);
            }
        }
    }
}

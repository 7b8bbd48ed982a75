package dev.reload.runtime.proxy;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class VersionGateTest {

    @Test
    void theAsymmetricGateIsInForceOnLinuxWithJna() {
        assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux"), "not Linux");
        assumeTrue(Set.of("amd64", "x86_64", "aarch64").contains(System.getProperty("os.arch")), "another processor");

        assertThat(CallBarrier.describe()).startsWith("asymmetric");
        assertThat(CallBarrier.gate()).isEqualTo("asymmetric");
        VersionGate gate = new VersionGate();
        gate.enter();
        assertThat(gate.ownedByCurrentThread()).as("the first thread in a cell counts itself without atomics").isTrue();
        gate.exit();
    }

    @Test
    void anAtomicGateNeverLetsAThreadOwnACell() {
        VersionGate gate = VersionGate.atomic();

        gate.enter();

        assertThat(gate.ownedByCurrentThread()).isFalse();
        assertThat(gate.inFlight()).isOne();
        gate.exit();
        assertThat(gate.inFlight()).isZero();
    }

    @Test
    void callsAndCallsInsideAddUpOverThreadsWhateverPathEachTakes() throws Exception {
        for (VersionGate gate : new VersionGate[] {new VersionGate(), VersionGate.atomic()}) {
            gate.enter();
            gate.cancel(gate.enter());
            Thread[] others = new Thread[40];
            for (int i = 0; i < others.length; i++) {
                others[i] = new Thread(() -> {
                    gate.enter();
                    gate.exit();
                    gate.enter();
                });
                others[i].start();
            }
            for (Thread other : others) {
                other.join();
            }

            assertThat(gate.inFlight()).as("one here, one left inside by each other thread").isEqualTo(41);
            assertThat(gate.calls()).as("the cancelled call is not a call").isEqualTo(1 + 2 * 40);
            gate.exit();
            assertThat(gate.inFlight()).isEqualTo(40);
        }
    }
}

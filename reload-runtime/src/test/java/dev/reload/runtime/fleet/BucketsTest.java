package dev.reload.runtime.fleet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BucketsTest {

    /** The README's test vectors, computed independently of this code. */
    @ParameterizedTest
    @CsvSource({
            "web-01, com.acme, greeter, 1.1.0, 85.02",
            "web-02, com.acme, greeter, 1.1.0, 44.67",
            "web-03, com.acme, greeter, 1.1.0, 96.24",
            "web-01, com.acme, greeter, 1.2.0, 62.84",
            "node-a, dev.reload.it, greeter, 2.0.0, 50.67"})
    void bucketsMatchThePublishedTestVectors(String node, String group, String artifact, String version,
                                             double bucket) {
        assertThat(Buckets.bucket(node, group, artifact, version)).isEqualTo(bucket);
    }

    @Test
    void overTenThousandNodesTheSharesMatchThePercentagesAndOnlyGrow() {
        int nodes = 10_000;
        int[] buckets = new int[nodes];
        for (int i = 0; i < nodes; i++) {
            buckets[i] = Buckets.hundredths("node-" + i, "com.acme", "greeter", "1.1.0");
            assertThat(buckets[i]).isBetween(0, 9_999);
        }
        boolean[] before = new boolean[nodes];
        for (double percent : new double[] {1, 10, 50, 100}) {
            int taking = 0;
            for (int i = 0; i < nodes; i++) {
                boolean takes = Buckets.takes(buckets[i], percent);
                assertThat(takes || !before[i]).as("node-%d moved back down at %s%%", i, percent).isTrue();
                before[i] = takes;
                taking += takes ? 1 : 0;
            }
            assertThat(taking * 100.0 / nodes).as("share at %s%%", percent).isCloseTo(percent, within(1.5));
        }
    }

    @Test
    void noNodeTakesAVersionAtZeroPercentAndEveryNodeAtAHundred() {
        assertThat(Buckets.takes(0, 0)).isFalse();
        assertThat(Buckets.takes(9_999, 100)).isTrue();
    }

    @Test
    void eachVersionOrdersTheNodesAfresh() {
        assertThat(Buckets.bucket("web-01", "com.acme", "greeter", "1.1.0"))
                .isNotEqualTo(Buckets.bucket("web-01", "com.acme", "greeter", "1.2.0"));
    }
}

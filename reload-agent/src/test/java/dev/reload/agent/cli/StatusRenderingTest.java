package dev.reload.agent.cli;

import dev.reload.runtime.manage.CandidateStatus;
import dev.reload.runtime.manage.FollowedStatus;
import dev.reload.runtime.manage.PluginStatus;
import dev.reload.runtime.manage.StatusReport;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StatusRenderingTest {

    private static final PluginStatus GREETER = new PluginStatus("greeter", "2.0.0", null, "ACTIVE", 0, 1234, 1, 0,
            null, List.of("2.0.0", "1.0.0"), Map.of(), Map.of());

    private static final PluginStatus ORDERS = new PluginStatus("order-service", "1.2.0", "1.2.0", "PINNED", 3, 98,
            12, 1, "2025-01-02T03:04:05Z order-service-1.3.0.jar: manifest says \"1.3\"\tand C:\\plugins",
            List.of("1.3.0", "1.2.0", "1.1.0"), retiring("1.1.0", 2L, "1.0.0", 1L),
            Map.of("1.3.0", "2025-01-02T03:04:06Z failed 25 of 100 calls"));

    private static final StatusReport REPORT = new StatusReport(4242, "/srv/plugins", List.of(GREETER, ORDERS),
            "asymmetric");

    @Test
    void tableHasAColumnPerAttributeWithCountersAlignedRightAndTheLastRejectionAndBadVersionsBelow() {
        assertThat(StatusTable.lines(REPORT)).containsExactly(
                "JVM 4242, plugins directory /srv/plugins, asymmetric gate",
                "PLUGIN         ACTIVE  PINNED  STATE   IN-FLIGHT  CALLS  SWAPS  REJECTS  VERSIONS           RETIRING"
                        + "           BAD",
                "greeter        2.0.0   -       ACTIVE          0   1234      1        0  2.0.0,1.0.0        -"
                        + "                  -",
                "order-service  1.2.0   1.2.0   PINNED          3     98     12        1  1.3.0,1.2.0,1.1.0  "
                        + "1.1.0(2),1.0.0(1)  1.3.0",
                "last rejection of order-service: 2025-01-02T03:04:05Z order-service-1.3.0.jar: manifest says "
                        + "\"1.3\"\tand C:\\plugins",
                "bad version of order-service: 1.3.0 marked 2025-01-02T03:04:06Z failed 25 of 100 calls");
    }

    @Test
    void tableWritesADashForWhatIsMissing() {
        PluginStatus unavailable = new PluginStatus("x", null, null, "UNAVAILABLE", 0, 0, 0, 0, null, List.of(),
                Map.of(), Map.of());

        assertThat(StatusTable.lines(new StatusReport(1, "/p", List.of(unavailable), "atomic")).get(2).split(" +"))
                .containsExactly("x", "-", "-", "UNAVAILABLE", "0", "0", "0", "0", "-", "-", "-");
    }

    @Test
    void aFollowedArtifactIsALineAfterTheTableWithALinePerVersionOnItsWay() {
        FollowedStatus followed = new FollowedStatus("artifact.greeter", "com.acme:greeter:[1.0,2.0)",
                "https://repo.example.com/releases", "1.1.0", "1.0.0",
                List.of(new CandidateStatus("1.0.0", 100, 31.7, true), new CandidateStatus("1.1.0", 25, 85.02, false)),
                List.of(), "2026-12-01T10:31:02Z", null);

        assertThat(StatusTable.lines(new StatusReport(7, "/p", List.of(), "atomic", List.of(followed)))).containsExactly(
                "JVM 7, plugins directory /p, atomic gate", "no plugins",
                "followed artifact.greeter com.acme:greeter:[1.0,2.0) from https://repo.example.com/releases: "
                        + "installed 1.0.0, newest 1.1.0, bad -, last poll 2026-12-01T10:31:02Z, last error -",
                "  1.0.0  at 100.0%, bucket 31.7: taken",
                "  1.1.0  at 25.0%, bucket 85.02: not yet");
    }

    @Test
    void tableOfARuntimeWithoutPluginsSaysSo() {
        assertThat(StatusTable.lines(new StatusReport(7, "/p", List.of(), "atomic")))
                .containsExactly("JVM 7, plugins directory /p, atomic gate", "no plugins");
    }

    private static Map<String, Long> retiring(String v1, Long n1, String v2, Long n2) {
        Map<String, Long> retiring = new LinkedHashMap<>();
        retiring.put(v1, n1);
        retiring.put(v2, n2);
        return retiring;
    }
}

package dev.reload.runtime.manage;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JsonTest {

    private static final PluginStatus GREETER = new PluginStatus("greeter", "2.0.0", null, "ACTIVE", 0, 1234, 1, 0,
            null, List.of("2.0.0", "1.0.0"), Map.of(), Map.of());

    private static final PluginStatus ORDERS = new PluginStatus("order-service", "1.2.0", "1.2.0", "PINNED", 3, 98,
            12, 1, "2025-01-02T03:04:05Z order-service-1.3.0.jar: manifest says \"1.3\"\tand C:\\plugins",
            List.of("1.3.0", "1.2.0", "1.1.0"), retiring("1.1.0", 2L, "1.0.0", 1L),
            Map.of("1.3.0", "2025-01-02T03:04:06Z failed 25 of 100 calls"));

    private static final StatusReport REPORT = new StatusReport(4242, "/srv/plugins", List.of(GREETER, ORDERS),
            "asymmetric");

    @Test
    void jsonHoldsEveryAttributeWithNullsForMissingValuesAndVersionsInOrder() {
        assertThat(Json.status(REPORT)).isEqualTo("{\"pid\":4242,\"pluginsDirectory\":\"/srv/plugins\","
                + "\"gate\":\"asymmetric\",\"plugins\":["
                + "{\"id\":\"greeter\",\"activeVersion\":\"2.0.0\",\"pinnedVersion\":null,\"state\":\"ACTIVE\","
                + "\"inFlight\":0,\"calls\":1234,\"swaps\":1,\"rejects\":0,\"lastRejection\":null,"
                + "\"versions\":[\"2.0.0\",\"1.0.0\"],\"retiring\":{},\"badVersions\":{}},"
                + "{\"id\":\"order-service\",\"activeVersion\":\"1.2.0\",\"pinnedVersion\":\"1.2.0\","
                + "\"state\":\"PINNED\",\"inFlight\":3,\"calls\":98,\"swaps\":12,\"rejects\":1,"
                + "\"lastRejection\":\"2025-01-02T03:04:05Z order-service-1.3.0.jar: manifest says \\\"1.3\\\"\\t"
                + "and C:\\\\plugins\",\"versions\":[\"1.3.0\",\"1.2.0\",\"1.1.0\"],"
                + "\"retiring\":{\"1.1.0\":2,\"1.0.0\":1},"
                + "\"badVersions\":{\"1.3.0\":\"2025-01-02T03:04:06Z failed 25 of 100 calls\"}}]}");
    }

    @Test
    void jsonOfARuntimeWithoutPluginsHasAnEmptyArray() {
        assertThat(Json.status(new StatusReport(7, "/p", List.of(), "atomic")))
                .isEqualTo("{\"pid\":7,\"pluginsDirectory\":\"/p\",\"gate\":\"atomic\",\"plugins\":[]}");
    }

    @Test
    void jsonOfAJvmFollowingARepositoryEndsWithWhatItFollows() {
        FollowedStatus followed = new FollowedStatus("artifact.greeter", "com.acme:greeter:[1.0,2.0)",
                "https://repo.example.com/releases", "1.1.0", "1.0.0",
                List.of(new CandidateStatus("1.0.0", 100, 31.7, true), new CandidateStatus("1.1.0", 25, 85.02, false)),
                List.of(), "2026-12-01T10:31:02Z", null);

        assertThat(Json.status(new StatusReport(7, "/p", List.of(), "atomic", List.of(followed)))).isEqualTo(
                "{\"pid\":7,\"pluginsDirectory\":\"/p\",\"gate\":\"atomic\",\"plugins\":[],\"followed\":[{\"key\":\"artifact.greeter\","
                        + "\"coordinate\":\"com.acme:greeter:[1.0,2.0)\",\"repository\":\"https://repo.example.com/releases\","
                        + "\"newestSeen\":\"1.1.0\",\"installed\":\"1.0.0\",\"candidates\":[{\"version\":\"1.0.0\","
                        + "\"percent\":100.0,\"bucket\":31.7,\"taken\":true},{\"version\":\"1.1.0\",\"percent\":25.0,"
                        + "\"bucket\":85.02,\"taken\":false}],\"bad\":[],\"lastSuccessfulPoll\":\"2026-12-01T10:31:02Z\","
                        + "\"lastError\":null}]}");
    }

    @Test
    void jsonStringsEscapeQuotesBackslashesControlAndNonAsciiCharacters() {
        assertThat(Json.string("a\"b\\c\nd\re\tf\bg\fh\u0001i\u00e9j\u20ack")).isEqualTo(
                "\"a\\\"b\\\\c\\nd\\re\\tf\\bg\\fh\\u0001i\\u00e9j\\u20ack\"");
        assertThat(Json.string("/")).isEqualTo("\"/\"");
        assertThat(Json.string(null)).isEqualTo("null");
    }

    @Test
    void jsonAnswerOfAnOperationIsOkWithItsMessage() {
        assertThat(Json.answer("pinned greeter to \"1.0.0\"\nline two"))
                .isEqualTo("{\"ok\":true,\"message\":\"pinned greeter to \\\"1.0.0\\\"\\nline two\"}");
    }

    @Test
    void jsonRefusalOfAnOperationIsNotOkWithItsReason() {
        assertThat(Json.refusal("no usable jar of greeter \"3.0.0\""))
                .isEqualTo("{\"ok\":false,\"message\":\"no usable jar of greeter \\\"3.0.0\\\"\"}");
    }

    private static Map<String, Long> retiring(String v1, Long n1, String v2, Long n2) {
        Map<String, Long> retiring = new LinkedHashMap<>();
        retiring.put(v1, n1);
        retiring.put(v2, n2);
        return retiring;
    }
}

package dev.reload.runtime.manage;

import java.util.List;
import java.util.Map;

/**
 * The JSON of {@code status --json} and of the answers of operations, one object on one line, shared by the command
 * line and the Spring Boot endpoint so that both print the same. Written by hand: the agent jar carries no JSON
 * library, and this little output does not justify one in every JVM that runs the agent.
 *
 * <pre>
 * status:     {"pid":1234,"pluginsDirectory":"/srv/plugins","gate":"asymmetric","plugins":[{"id":"greeter",
 *              "activeVersion":"2.0.0",
 *              "pinnedVersion":null,"state":"ACTIVE","inFlight":0,"calls":41,"swaps":1,"rejects":0,
 *              "lastRejection":null,"versions":["2.0.0","1.0.0"],"retiring":{"1.0.0":2},"badVersions":{}}]}
 *             with the fleet option, before the closing brace: ,"followed":[{"key":"artifact.greeter",
 *              "coordinate":"com.acme:greeter:[1.0,2.0)","repository":"https://repo.example.com/releases",
 *              "newestSeen":"1.1.0","installed":"1.0.0","candidates":[{"version":"1.0.0","percent":100.0,
 *              "bucket":31.7,"taken":true},{"version":"1.1.0","percent":25.0,"bucket":85.02,"taken":false}],
 *              "bad":[],"lastSuccessfulPoll":"2026-12-01T10:31:02Z","lastError":null}]
 * operations: {"ok":true,"message":"pinned greeter to 1.0.0"}, or {"ok":false,"message":"..."} when refused
 * </pre>
 */
public final class Json {

    private Json() {
    }

    /**
     * @param report what {@code status} read
     * @return the report as {@code status --json} prints it
     */
    public static String status(StatusReport report) {
        StringBuilder out = new StringBuilder("{\"pid\":").append(report.pid())
                .append(",\"pluginsDirectory\":").append(string(report.pluginsDirectory()))
                .append(",\"gate\":").append(string(report.gate()))
                .append(",\"plugins\":[");
        List<PluginStatus> plugins = report.plugins();
        for (int i = 0; i < plugins.size(); i++) {
            out.append(i == 0 ? "" : ",");
            plugin(out, plugins.get(i));
        }
        out.append(']');
        if (!report.followed().isEmpty()) {
            out.append(",\"followed\":[");
            for (int i = 0; i < report.followed().size(); i++) {
                out.append(i == 0 ? "" : ",");
                followed(out, report.followed().get(i));
            }
            out.append(']');
        }
        return out.append('}').toString();
    }

    private static void followed(StringBuilder out, FollowedStatus f) {
        out.append("{\"key\":").append(string(f.getKey()))
                .append(",\"coordinate\":").append(string(f.getCoordinate()))
                .append(",\"repository\":").append(string(f.getRepository()))
                .append(",\"newestSeen\":").append(string(f.getNewestSeen()))
                .append(",\"installed\":").append(string(f.getInstalled()))
                .append(",\"candidates\":[");
        for (int i = 0; i < f.getCandidates().size(); i++) {
            CandidateStatus c = f.getCandidates().get(i);
            out.append(i == 0 ? "" : ",").append("{\"version\":").append(string(c.getVersion()))
                    .append(",\"percent\":").append(c.getPercent())
                    .append(",\"bucket\":").append(c.getBucket())
                    .append(",\"taken\":").append(c.isTaken()).append('}');
        }
        out.append("],\"bad\":[");
        for (int i = 0; i < f.getBad().size(); i++) {
            out.append(i == 0 ? "" : ",").append(string(f.getBad().get(i)));
        }
        out.append("],\"lastSuccessfulPoll\":").append(string(f.getLastSuccessfulPoll()))
                .append(",\"lastError\":").append(string(f.getLastError())).append('}');
    }

    /**
     * @param message what the operation did
     * @return the answer of an operation that was done, as {@code pin --json} and the others print it
     */
    public static String answer(String message) {
        return "{\"ok\":true,\"message\":" + string(message) + "}";
    }

    private static void plugin(StringBuilder out, PluginStatus p) {
        out.append("{\"id\":").append(string(p.id()))
                .append(",\"activeVersion\":").append(string(p.activeVersion()))
                .append(",\"pinnedVersion\":").append(string(p.pinnedVersion()))
                .append(",\"state\":").append(string(p.state()))
                .append(",\"inFlight\":").append(p.inFlight())
                .append(",\"calls\":").append(p.calls())
                .append(",\"swaps\":").append(p.swaps())
                .append(",\"rejects\":").append(p.rejects())
                .append(",\"lastRejection\":").append(string(p.lastRejection()))
                .append(",\"versions\":[");
        for (int i = 0; i < p.versions().size(); i++) {
            out.append(i == 0 ? "" : ",").append(string(p.versions().get(i)));
        }
        out.append("],\"retiring\":{");
        String separator = "";
        for (Map.Entry<String, Long> retiring : p.retiring().entrySet()) {
            out.append(separator).append(string(retiring.getKey())).append(':').append(retiring.getValue());
            separator = ",";
        }
        out.append("},\"badVersions\":{");
        separator = "";
        for (Map.Entry<String, String> bad : p.badVersions().entrySet()) {
            out.append(separator).append(string(bad.getKey())).append(':').append(string(bad.getValue()));
            separator = ",";
        }
        out.append("}}");
    }

    /**
     * @param reason why the operation was refused
     * @return the answer of an operation that was refused, as the Spring Boot endpoint gives it
     */
    public static String refusal(String reason) {
        return "{\"ok\":false,\"message\":" + string(reason) + "}";
    }

    /**
     * @param value a string, or {@code null}
     * @return {@code value} as a JSON string, or {@code null}. Besides what RFC 8259 requires, every character
     *         outside printable ASCII is escaped: standard output is encoded in the locale's charset, which may not
     *         hold a plugin directory's name, and an escape survives any charset
     */
    public static String string(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}

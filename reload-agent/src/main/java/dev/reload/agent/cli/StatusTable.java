package dev.reload.agent.cli;

import dev.reload.runtime.manage.PluginStatus;
import dev.reload.runtime.manage.StatusReport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code status} for people: a heading, then one line per plugin, in columns. Cells hold no spaces, so that
 * {@code awk} and {@code grep} work on the table too: lists are joined with commas, and a retiring version is written
 * with its in-flight calls in parentheses, {@code 1.0.0(2)}. A missing value is {@code -}. The last rejection of each
 * plugin that has one, and why each version marked bad was marked, follow the table, one line each: they are too
 * long for a column.
 */
final class StatusTable {

    private static final String NONE = "-";
    private static final List<String> HEADER = List.of("PLUGIN", "ACTIVE", "PINNED", "STATE", "IN-FLIGHT", "CALLS",
            "SWAPS", "REJECTS", "VERSIONS", "RETIRING", "BAD");
    /** The counters are right-aligned, so that their digits line up. */
    private static final boolean[] RIGHT = {false, false, false, false, true, true, true, true, false, false, false};
    private static final String GAP = "  ";

    private StatusTable() {
    }

    static String render(StatusReport report) {
        return String.join(System.lineSeparator(), lines(report));
    }

    static List<String> lines(StatusReport report) {
        List<String> lines = new ArrayList<>();
        lines.add("JVM " + report.pid() + ", plugins directory " + report.pluginsDirectory() + ", " + report.gate()
                + " gate");
        if (report.plugins().isEmpty()) {
            lines.add("no plugins");
            lines.addAll(FollowedLines.of(report.followed()));
            return lines;
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        report.plugins().forEach(p -> rows.add(cells(p)));
        int[] widths = new int[HEADER.size()];
        for (List<String> row : rows) {
            for (int c = 0; c < widths.length; c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        for (List<String> row : rows) {
            lines.add(align(row, widths));
        }
        for (PluginStatus plugin : report.plugins()) {
            if (plugin.lastRejection() != null) {
                lines.add("last rejection of " + plugin.id() + ": " + plugin.lastRejection());
            }
            plugin.badVersions().forEach((version, why) ->
                    lines.add("bad version of " + plugin.id() + ": " + version + " marked " + why));
        }
        lines.addAll(FollowedLines.of(report.followed()));
        return lines;
    }

    private static String align(List<String> row, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < widths.length; c++) {
            String cell = row.get(c);
            String padding = " ".repeat(widths[c] - cell.length());
            line.append(c == 0 ? "" : GAP).append(RIGHT[c] ? padding + cell : cell + padding);
        }
        return line.toString().stripTrailing();
    }

    private static List<String> cells(PluginStatus p) {
        return List.of(p.id(), orNone(p.activeVersion()), orNone(p.pinnedVersion()), orNone(p.state()),
                Long.toString(p.inFlight()), Long.toString(p.calls()), Long.toString(p.swaps()),
                Long.toString(p.rejects()), p.versions().isEmpty() ? NONE : String.join(",", p.versions()),
                retiring(p.retiring()),
                p.badVersions().isEmpty() ? NONE : String.join(",", p.badVersions().keySet()));
    }

    private static String retiring(Map<String, Long> retiring) {
        if (retiring.isEmpty()) {
            return NONE;
        }
        return retiring.entrySet().stream().map(e -> e.getKey() + "(" + e.getValue() + ")")
                .collect(Collectors.joining(","));
    }

    private static String orNone(String value) {
        return value == null ? NONE : value;
    }
}

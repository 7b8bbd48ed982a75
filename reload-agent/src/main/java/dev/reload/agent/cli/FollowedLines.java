package dev.reload.agent.cli;

import dev.reload.runtime.manage.CandidateStatus;
import dev.reload.runtime.manage.FollowedStatus;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code status} prints, after the table, about each artifact followed from a repository: a line for the
 * artifact, then a line per version on its way with its roll-out share now and this node's bucket.
 *
 * <pre>
 * followed artifact.greeter com.acme:greeter:[1.0,2.0) from https://repo.example.com/releases: installed 1.0.0,
 *     newest 1.1.0, bad -, last poll 2026-12-01T10:31:02Z, last error -
 *   1.1.0  at 25.0%, bucket 85.02: not yet
 * </pre>
 */
final class FollowedLines {

    private FollowedLines() {
    }

    static List<String> of(List<FollowedStatus> followed) {
        List<String> lines = new ArrayList<>();
        for (FollowedStatus f : followed) {
            lines.add("followed " + f.getKey() + " " + f.getCoordinate() + " from " + f.getRepository()
                    + ": installed " + orNone(f.getInstalled()) + ", newest " + orNone(f.getNewestSeen())
                    + ", bad " + (f.getBad().isEmpty() ? "-" : String.join(",", f.getBad()))
                    + ", last poll " + orNone(f.getLastSuccessfulPoll()) + ", last error "
                    + orNone(f.getLastError()));
            for (CandidateStatus c : f.getCandidates()) {
                lines.add("  " + c.getVersion() + "  at " + c.getPercent() + "%, bucket " + c.getBucket() + ": "
                        + (c.isTaken() ? "taken" : "not yet"));
            }
        }
        return lines;
    }

    private static String orNone(String value) {
        return value == null ? "-" : value;
    }
}

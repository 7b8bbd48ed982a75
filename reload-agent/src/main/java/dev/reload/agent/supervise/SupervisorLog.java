package dev.reload.agent.supervise;

import java.time.Duration;

/** The supervisor's own lines, one per transition, on standard error, told apart from a generation's by a prefix. */
final class SupervisorLog {

    private SupervisorLog() {
    }

    static void log(String line) {
        System.err.println("reload-supervisor: " + line);
    }

    /** @return a duration as people read it: {@code 1.234 s} */
    static String seconds(Duration duration) {
        return String.format(java.util.Locale.ROOT, "%.3f s", duration.toMillis() / 1000.0);
    }
}

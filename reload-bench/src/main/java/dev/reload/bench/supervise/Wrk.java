package dev.reload.bench.supervise;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One run of {@code wrk --latency} on 127.0.0.1, and what it reported. */
final class Wrk {

    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");
    private static final Pattern SOCKET_ERRORS = Pattern.compile(
            "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

    private final String output;

    private Wrk(String output) {
        this.output = output;
    }

    /** Two threads, 16 connections, kept alive as wrk always does. */
    static Wrk run(int port, Duration duration) {
        try {
            Process wrk = new ProcessBuilder(SupervisorRestarts.wrk().toString(), "-t2", "-c16",
                    "-d" + duration.toSeconds() + "s", "--latency", "http://127.0.0.1:" + port + "/")
                    .redirectErrorStream(true).start();
            String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            wrk.waitFor();
            return new Wrk(output);
        } catch (IOException e) {
            throw new IllegalStateException("wrk failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    long requests() {
        Matcher m = REQUESTS.matcher(output);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** @return wrk's socket errors (connect, read, write, timeout) and its non-2xx answers */
    String errors() {
        Matcher m = SOCKET_ERRORS.matcher(output);
        String sockets = m.find() ? "connect " + m.group(1) + ", read " + m.group(2) + ", write " + m.group(3)
                + ", timeout " + m.group(4) : "no socket errors";
        Matcher n = NON_2XX.matcher(output);
        return sockets + (n.find() ? ", " + n.group(1) + " non-2xx" : ", 0 non-2xx");
    }

    /** @return the socket errors and non-2xx answers wrk counted, all together */
    long failures() {
        long failures = 0;
        Matcher m = SOCKET_ERRORS.matcher(output);
        if (m.find()) {
            for (int group = 1; group <= 4; group++) {
                failures += Long.parseLong(m.group(group));
            }
        }
        Matcher n = NON_2XX.matcher(output);
        return n.find() ? failures + Long.parseLong(n.group(1)) : failures;
    }

    long p50Micros() {
        return percentile("50%");
    }

    long p99Micros() {
        return percentile("99%");
    }

    private long percentile(String label) {
        Matcher m = Pattern.compile("^\\s*" + Pattern.quote(label) + "\\s+([\\d.]+)(us|ms|s)\\s*$", Pattern.MULTILINE)
                .matcher(output);
        if (!m.find()) {
            return -1;
        }
        double value = Double.parseDouble(m.group(1));
        return (long) switch (m.group(2)) {
            case "us" -> value;
            case "ms" -> value * 1_000;
            default -> value * 1_000_000;
        };
    }
}

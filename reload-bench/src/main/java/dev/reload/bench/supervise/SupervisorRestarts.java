package dev.reload.bench.supervise;

import dev.reload.bench.report.ResultsDirectory;
import dev.reload.bench.report.Samples;
import dev.reload.bench.report.Table;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Restarts under load: {@link BenchServer} under the supervisor, loaded for {@code seconds} without restarts, then for
 * as long again while SIGHUP restarts it {@code restarts} times, evenly spread. Reports refused connections, resets
 * and failed requests (all must be 0: it exits with status 1 otherwise), p50 and p99 latency of both runs, and from
 * the supervisor's log the time from SIGHUP to the new generation ready and to the old one gone. When {@code wrk} is
 * on the PATH, the same two runs again under wrk.
 *
 * <p>{@code java -cp benchmarks.jar dev.reload.bench.supervise.SupervisorRestarts [results-dir] [agent-jar]
 * [restarts] [seconds]}
 */
public final class SupervisorRestarts {

    private static final Pattern READY = Pattern.compile("generation (\\d+) \\(pid \\d+\\) ready ([\\d.]+) s after");
    private static final Pattern GONE = Pattern.compile("generation (\\d+) \\(pid \\d+\\) gone ([\\d.]+) s after");

    /** Requests refused, reset or failed over every run: each one fails the benchmark. */
    private static long failures;

    private SupervisorRestarts() {
    }

    public static void main(String[] args) throws Exception {
        ResultsDirectory results = ResultsDirectory.fromArgs(args);
        Path agent = Path.of(args.length > 1 ? args[1] : "reload-agent/target/reload-agent.jar").toAbsolutePath();
        int restarts = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        Duration run = Duration.ofSeconds(args.length > 3 ? Long.parseLong(args[3]) : 60);
        Path classpath = Path.of(SupervisorRestarts.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        StringBuilder report = new StringBuilder("## Whole-process restarts under load\n\n");
        report.append("An HTTP server under `java -jar reload-agent.jar supervise`, on 127.0.0.1, loaded by 4 clients "
                + "keeping their connection alive and 2 opening one per request, for ").append(run.toSeconds())
                .append(" s without restarts, then ").append(run.toSeconds()).append(" s while SIGHUP restarts it ")
                .append(restarts).append(" times. A request that gets no byte of answer on a kept-alive connection "
                        + "the old generation closed while idle is retried once on a new connection, as HTTP "
                        + "clients retry idempotent requests, and counted as retried.\n\n");
        Table table = new Table("run", "requests", "refused, reset, failed", "retried", "p50 µs", "p99 µs");
        Samples toReady = new Samples();
        Samples toGone = new Samples();
        try (SupervisorProcess supervisor = new SupervisorProcess(agent, classpath)) {
            int port = supervisor.port();
            supervisor.await(l -> l.contains("generation 1 ") && l.contains(" ready "), Duration.ofSeconds(60));
            LoadClients quiet = new LoadClients(port).run(4, 2, run, Long.MAX_VALUE);
            row(table, "no restarts", quiet);
            CompletableFuture<Void> hups = CompletableFuture.runAsync(() -> hangUps(supervisor, restarts, run));
            LoadClients restarted = new LoadClients(port).run(4, 2, run, Long.MAX_VALUE);
            hups.join();
            row(table, restarts + " restarts", restarted);
            timings(supervisor.lines(), toReady, toGone);
            if (wrk() != null) {
                row(table, "wrk, no restarts", Wrk.run(port, run));
                hups = CompletableFuture.runAsync(() -> hangUps(supervisor, restarts, run));
                Wrk withRestarts = Wrk.run(port, run);
                hups.join();
                row(table, "wrk, " + restarts + " restarts", withRestarts);
                timings(supervisor.lines(), new Samples(), new Samples());
            } else {
                report.append("wrk is not installed: no wrk rows.\n\n");
            }
        }
        report.append(table.toMarkdown()).append('\n');
        Table times = new Table("from SIGHUP to", "median ms", "p99 ms", "max ms", "restarts");
        times.row("new generation ready", Table.millis(toReady.median()), Table.millis(toReady.percentile(99)),
                Table.millis(toReady.max()), toReady.size());
        times.row("old generation gone", Table.millis(toGone.median()), Table.millis(toGone.percentile(99)),
                Table.millis(toGone.max()), toGone.size());
        report.append(times.toMarkdown());
        results.write("supervisor.md", report.toString());
        System.out.println(report);
        if (failures > 0) {
            System.err.println("FAILED: " + failures + " requests were refused, reset or failed (see supervisor.md)");
            System.exit(1);
        }
    }

    private static void row(Table table, String label, LoadClients load) {
        failures += load.refused.sum() + load.resets.sum() + load.failed.sum();
        table.row(label, load.ok.sum(), load.errors(), load.retried.sum(), load.p50Micros(), load.p99Micros());
    }

    private static void row(Table table, String label, Wrk wrk) {
        failures += wrk.failures();
        table.row(label, wrk.requests(), wrk.errors(), "-", wrk.p50Micros(), wrk.p99Micros());
    }

    /** SIGHUP every {@code run / restarts}, each after the previous generation is ready. */
    private static void hangUps(SupervisorProcess supervisor, int restarts, Duration run) {
        try {
            long every = run.toNanos() / (restarts + 1);
            long start = System.nanoTime();
            for (int i = 1; i <= restarts; i++) {
                long due = start + every * i;
                Thread.sleep(Math.max(0, (due - System.nanoTime()) / 1_000_000));
                int before = supervisor.lines().size();
                supervisor.hangUp();
                supervisor.await(l -> supervisor.lines().indexOf(l) >= before && READY.matcher(l).find(),
                        Duration.ofSeconds(60));
                supervisor.await(l -> supervisor.lines().indexOf(l) >= before && GONE.matcher(l).find(),
                        Duration.ofSeconds(60));
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The supervisor logs, per generation, the time from the restart asked for to ready, and from SIGTERM to gone. */
    private static void timings(List<String> lines, Samples toReady, Samples toGone) {
        List<Double> ready = new ArrayList<>();
        for (String line : lines) {
            Matcher r = READY.matcher(line);
            if (r.find() && Integer.parseInt(r.group(1)) > 1) {
                ready.add(Double.parseDouble(r.group(2)));
                toReady.add((long) (Double.parseDouble(r.group(2)) * 1e9));
            }
            Matcher g = GONE.matcher(line);
            if (g.find()) {
                int replacedBy = Integer.parseInt(g.group(1)) + 1;
                double readyAfter = replacedBy - 2 < ready.size() ? ready.get(replacedBy - 2) : 0;
                toGone.add((long) ((readyAfter + Double.parseDouble(g.group(2))) * 1e9));
            }
        }
    }

    static Path wrk() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir, "wrk");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}

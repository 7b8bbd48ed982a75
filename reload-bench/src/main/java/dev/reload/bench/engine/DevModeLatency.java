package dev.reload.bench.engine;

import dev.reload.api.ServiceRegistry;
import dev.reload.bench.report.ResultsDirectory;
import dev.reload.bench.report.Samples;
import dev.reload.bench.report.Table;
import dev.reload.bench.subject.Scorer;
import dev.reload.runtime.ReloadOptions;
import dev.reload.runtime.ReloadRuntime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Dev mode's recompile latency: from the last class file a compile writes into an exploded plugin's directory to the
 * first call the new code serves, for a 20-class plugin, at the default quiet period and a shorter one. Each compile
 * writes the service file (a resource, copied before compiling) and then every class file, one after another, in
 * place, as {@code javac -d target/classes} does; the implementation class, whose name changes with each
 * generation, is written last, and the previous one is deleted first, as a clean build would.
 *
 * <p>{@code java -cp benchmarks.jar dev.reload.bench.engine.DevModeLatency [results-dir]}
 */
public final class DevModeLatency {

    private static final int CLASSES = 20;
    private static final int WARM_UP = 5;
    private static final int COMPILES = 40;
    private static final long TIMEOUT_MILLIS = 60_000;

    private DevModeLatency() {
    }

    public static void main(String[] args) throws Exception {
        ResultsDirectory results = ResultsDirectory.fromArgs(args);
        int defaultQuiet = (int) ReloadOptions.defaults().devQuietPeriod().toMillis();
        Table totals = new Table("quiet period", "compiles", "p50, ms", "p90, ms", "p99, ms", "max, ms",
                "→ class initialised, p50, ms", "generations refused");
        StringBuilder raw = new StringBuilder("quiet_ms,compile,total_ns,to_init_ns\n");
        for (int quiet : List.of(defaultQuiet, 20)) {
            Run run = measure(quiet, raw);
            totals.row(quiet + " ms" + (quiet == defaultQuiet ? " (default)" : ""), run.total.size(),
                    Table.millis(run.total.median()), Table.millis(run.total.percentile(90)),
                    Table.millis(run.total.percentile(99)), Table.millis(run.total.max()),
                    Table.millis(run.toInit.median()), run.refused);
        }
        Files.writeString(results.resolve("dev-mode.csv"), raw);
        results.write("dev-mode.md", "## Dev mode: recompile to first call\n\nFrom the last class file written "
                + "into an exploded " + CLASSES + "-class plugin's directory to the first call served by the new "
                + "code; " + WARM_UP + " warm-up compiles not counted; percentiles by nearest rank. The time includes "
                + "the quiet period, the snapshot of the tree, the load and checks and the swap. A refused "
                + "generation is a compile caught half-written: the previous generation served meanwhile.\n\n"
                + totals.toMarkdown());
    }

    private static Run measure(int quietMillis, StringBuilder raw) throws Exception {
        Run run = new Run();
        EventLog events = new EventLog();
        try (DeploymentArea area = new DeploymentArea()) {
            Path classes = Files.createDirectory(area.plugins().resolve("scorer"));
            compile(classes, 0);
            ServiceRegistry.addListener(events);
            ReloadOptions options = ReloadOptions.defaults()
                    .withPlugins(area.plugins())
                    .withDevMode(true)
                    .withDevQuietPeriod(Duration.ofMillis(quietMillis));
            ReloadRuntime runtime = ReloadRuntime.start(options);
            try (runtime; ServedVersions served = new ServedVersions(ServiceRegistry.get(Scorer.class))) {
                served.await(0, TIMEOUT_MILLIS);
                for (int n = 1; n <= WARM_UP + COMPILES; n++) {
                    // Start each compile from quiet: the generation before the last has drained and closed.
                    awaitRetired(events, n - 1);
                    Thread.sleep(20);
                    SwapMarks.reset();
                    long start = compile(classes, n);
                    long servedAt = served.await(n, TIMEOUT_MILLIS);
                    long initAt = SwapMarks.initializedAt();
                    raw.append(quietMillis).append(',').append(n).append(',').append(servedAt - start).append(',')
                            .append(initAt - start).append('\n');
                    if (n > WARM_UP) {
                        run.total.add(servedAt - start);
                        run.toInit.add(initAt - start);
                    }
                }
            } finally {
                ServiceRegistry.removeListener(events);
            }
        }
        run.refused = events.rejected();
        return run;
    }

    /** @return {@link System#nanoTime()} just after the last class file was written */
    private static long compile(Path classes, int version) throws IOException {
        Files.deleteIfExists(classes.resolve("plugin/ScorerV" + (version - 1) + ".class"));
        Path services = classes.resolve("META-INF/services/" + Scorer.class.getName());
        Files.createDirectories(services.getParent());
        Files.writeString(services, "plugin.ScorerV" + version + "\n", StandardCharsets.UTF_8);
        for (Map.Entry<String, byte[]> file : ScorerPlugins.classFiles(version, CLASSES, true).entrySet()) {
            Path target = classes.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.write(target, file.getValue());
        }
        return System.nanoTime();
    }

    private static void awaitRetired(EventLog events, int count) throws TimeoutException {
        long deadline = System.nanoTime() + TIMEOUT_MILLIS * 1_000_000;
        while (events.count("retired") < count) {
            if (System.nanoTime() - deadline > 0) {
                throw new TimeoutException("fewer than " + count + " generations retired within " + TIMEOUT_MILLIS
                        + " ms");
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    private static final class Run {
        final Samples total = new Samples();
        final Samples toInit = new Samples();
        int refused;
    }
}

package dev.reload.bench.engine;

import dev.reload.api.ServiceRegistry;
import dev.reload.bench.report.ResultsDirectory;
import dev.reload.bench.report.Samples;
import dev.reload.bench.report.Table;
import dev.reload.bench.subject.Scorer;
import dev.reload.runtime.ReloadOptions;
import dev.reload.runtime.ReloadRuntime;
import dev.reload.runtime.plugin.ServiceDeclarations;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Swap latency: from the atomic rename of a new version's jar into the plugins directory to the first call that
 * version serves, over many swaps, for a one-class jar and a 2,000-class jar, with the runtime's default settle time
 * and with none, and for a plugin bundling the real Jackson databind, with the linkage check and without. Split where
 * it can be seen from outside:
 *
 * <ul>
 *   <li>rename to static initializer of the new implementation class: the watcher's event, the settle wait, the
 *   scans of the directory and of the jar, its copy, and whatever checks the runtime makes before loading;</li>
 *   <li>static initializer to constructor return: instantiation;</li>
 *   <li>constructor return to first call served: registering the version and switching the proxy's route (plus up
 *   to one polling interval of the caller).</li>
 * </ul>
 *
 * The jar scan alone is timed besides, outside the engine, to say how much of the first part it is; for the
 * Jackson plugin, every step of a load is ({@link JacksonSteps}).
 *
 * <p>{@code java -cp benchmarks.jar dev.reload.bench.engine.SwapLatency [results-dir]}; {@code -Donly=Jackson}
 * measures only the jars whose label contains the text.
 */
public final class SwapLatency {

    private static final int WARM_UP_SWAPS = 5;
    private static final long TIMEOUT_MILLIS = 60_000;
    private static final int JACKSON_SWAPS = 30;

    private SwapLatency() {
    }

    public static void main(String[] args) throws Exception {
        ResultsDirectory results = ResultsDirectory.fromArgs(args);
        int defaultSettle = (int) ReloadOptions.defaults().settleTime().toMillis();
        String jackson = "Jackson databind (" + JacksonPlugins.libraryClasses() + " library classes)";
        List<Config> configs = List.of(
                new Config("1 class", n -> ScorerPlugins.jar("scorer", n, 1, true), defaultSettle, 100, true),
                new Config("1 class", n -> ScorerPlugins.jar("scorer", n, 1, true), 0, 100, true),
                new Config("2,000 classes", n -> ScorerPlugins.jar("scorer", n, 2_000, true), defaultSettle, 50,
                        true),
                new Config("2,000 classes", n -> ScorerPlugins.jar("scorer", n, 2_000, true), 0, 50, true),
                new Config(jackson, n -> JacksonPlugins.jar("scorer", n), defaultSettle, JACKSON_SWAPS, true),
                new Config(jackson, n -> JacksonPlugins.jar("scorer", n), defaultSettle, JACKSON_SWAPS, false));
        Table totals = new Table("jar", "settle time", "linkage check", "swaps", "p50, ms", "p90, ms", "p99, ms",
                "max, ms");
        Table phases = new Table("jar", "settle time", "linkage check", "rename → class initialised (detect, "
                + "settle, read, check, copy), ms", "→ constructed (instantiate), ms", "→ first call served "
                + "(switch), ms", "Loaded event, ms", "Swapped event, ms");
        Run jacksonRun = null;
        StringBuilder raw = new StringBuilder("jar,settle_ms,linkage,swap,total_ns,to_init_ns,to_constructed_ns,"
                + "to_served_ns,loaded_event_ns,swapped_event_ns\n");
        double pollMicros = 0;
        String only = System.getProperty("only", "");
        for (Config config : configs) {
            if (!config.label.contains(only)) {
                continue;
            }
            Run run = measure(config, raw);
            pollMicros = Math.max(pollMicros, run.pollMicros);
            if (config.label.equals(jackson) && config.verifyLinkage) {
                jacksonRun = run;
            }
            totals.row(config.label, config.settle(defaultSettle), config.linkage(), run.total.size(),
                    Table.millis(run.total.median()), Table.millis(run.total.percentile(90)),
                    Table.millis(run.total.percentile(99)), Table.millis(run.total.max()));
            phases.row(config.label, config.settle(defaultSettle), config.linkage(), Table.millis(run.toInit.median()),
                    Table.millis(run.instantiate.median()), Table.millis(run.switchRoute.median()),
                    Table.millis(run.loadedEvent.median()), Table.millis(run.swappedEvent.median()));
        }
        Table scans = new Table("jar", "jar size, KiB", "service scan alone (ServiceDeclarations.read), ms",
                "file copy alone, ms");
        for (int classes : new int[] {1, 2_000}) {
            scans.row(classes == 1 ? "1 class" : "2,000 classes", ScanCost.jarKib(classes),
                    Table.millis(ScanCost.scan(classes).median()), Table.millis(ScanCost.copy(classes).median()));
        }
        String jacksonSteps = jacksonRun == null ? "(not measured in this run)\n" : JacksonSteps.table(jacksonRun);
        Files.writeString(results.resolve("swap-latency.csv"), raw);
        results.write("swap-latency.md", "## Swap latency\n\nFrom the atomic rename of the jar into the plugins "
                + "directory to the first call served by the new version; " + WARM_UP_SWAPS + " warm-up swaps "
                + "not counted; percentiles by nearest rank (p99 of 50 swaps is the slowest). The caller polls "
                + "every " + Table.decimal(pollMicros, 0) + " µs or less.\n\n" + totals.toMarkdown()
                + "\nMedians of each step, cumulative from the rename:\n\n" + phases.toMarkdown()
                + "\nSteps timed alone, outside the engine (median of 20):\n\n" + scans.toMarkdown()
                + "\nWhere the time of the Jackson plugin's swap goes (default options, linkage check on): the "
                + "engine's own timestamps, and the steps before the implementation class is initialised timed alone "
                + "on the "
                + "same jars (median of " + JacksonSteps.RUNS + "):\n\n" + jacksonSteps);
    }

    private static Run measure(Config config, StringBuilder raw) throws Exception {
        Run run = new Run();
        EventLog events = new EventLog();
        try (DeploymentArea area = new DeploymentArea()) {
            area.install("scorer.jar", config.jar.apply(0));
            int versions = WARM_UP_SWAPS + config.swaps;
            List<Path> staged = new ArrayList<>();
            for (int n = 1; n <= versions; n++) {
                staged.add(area.stage(config.jar.apply(n)));
            }
            ServiceRegistry.addListener(events);
            ReloadOptions options = ReloadOptions.defaults()
                    .withPlugins(area.plugins())
                    .withSettleTime(Duration.ofMillis(config.settleMillis))
                    .withVerifyLinkage(config.verifyLinkage);
            ReloadRuntime runtime = ReloadRuntime.start(options);
            try (runtime; ServedVersions served = new ServedVersions(ServiceRegistry.get(Scorer.class))) {
                served.await(0, TIMEOUT_MILLIS);
                for (int n = 1; n <= versions; n++) {
                    if (n > 1) {
                        // Start each swap from quiet: the version before the last has drained and closed.
                        events.retired(n - 2, TIMEOUT_MILLIS);
                    }
                    Thread.sleep(20);
                    SwapMarks.reset();
                    long start = area.deploy(staged.get(n - 1), "scorer.jar");
                    long servedAt = served.await(n, TIMEOUT_MILLIS);
                    long loadedAt = events.loaded(n, TIMEOUT_MILLIS);
                    long swappedAt = events.swapped(n, TIMEOUT_MILLIS);
                    long initAt = SwapMarks.initializedAt();
                    long constructedAt = SwapMarks.constructedAt();
                    raw.append(config.label.replace(",", "")).append(',').append(config.settleMillis).append(',')
                            .append(config.verifyLinkage).append(',').append(n).append(',').append(servedAt - start)
                            .append(',').append(initAt - start)
                            .append(',').append(constructedAt - start).append(',').append(servedAt - start)
                            .append(',').append(loadedAt - start).append(',').append(swappedAt - start)
                            .append('\n');
                    if (n > WARM_UP_SWAPS) {
                        run.total.add(servedAt - start);
                        run.toInit.add(initAt - start);
                        run.instantiate.add(constructedAt - start);
                        run.switchRoute.add(servedAt - start);
                        run.loadedEvent.add(loadedAt - start);
                        run.swappedEvent.add(swappedAt - start);
                        run.initToConstructed.add(constructedAt - initAt);
                        run.constructedToServed.add(servedAt - constructedAt);
                    }
                }
                run.pollMicros = served.pollMicros();
            } finally {
                ServiceRegistry.removeListener(events);
            }
        }
        if (events.rejected() > 0) {
            throw new IllegalStateException(events.rejected() + " jar(s) rejected; the measurement is void");
        }
        return run;
    }

    private record Config(String label, IntFunction<byte[]> jar, int settleMillis, int swaps,
                          boolean verifyLinkage) {
        String settle(int defaultSettle) {
            return settleMillis + " ms" + (settleMillis == defaultSettle ? " (default)" : "");
        }

        String linkage() {
            return verifyLinkage ? "on (default)" : "off";
        }
    }

    static final class Run {
        final Samples total = new Samples();
        final Samples toInit = new Samples();
        final Samples instantiate = new Samples();
        final Samples switchRoute = new Samples();
        final Samples loadedEvent = new Samples();
        final Samples swappedEvent = new Samples();
        final Samples initToConstructed = new Samples();
        final Samples constructedToServed = new Samples();
        double pollMicros;
    }

    /** The jar-reading steps of a load, timed alone on a staged jar. */
    private static final class ScanCost {

        private static final int RUNS = 20;

        static String jarKib(int classes) {
            return String.valueOf(ScorerPlugins.jar("scorer", 1, classes, false).length / 1024);
        }

        static Samples scan(int classes) throws Exception {
            Samples samples = new Samples();
            try (DeploymentArea area = new DeploymentArea()) {
                Path jar = area.stage(ScorerPlugins.jar("scorer", 1, classes, false));
                for (int i = 0; i < RUNS + 5; i++) {
                    long start = System.nanoTime();
                    ServiceDeclarations.read(jar);
                    long took = System.nanoTime() - start;
                    if (i >= 5) {
                        samples.add(took);
                    }
                }
            }
            return samples;
        }

        static Samples copy(int classes) throws Exception {
            Samples samples = new Samples();
            try (DeploymentArea area = new DeploymentArea()) {
                Path jar = area.stage(ScorerPlugins.jar("scorer", 1, classes, false));
                for (int i = 0; i < RUNS + 5; i++) {
                    Path target = area.plugins().resolve("copy-" + i + ".jar");
                    long start = System.nanoTime();
                    Files.copy(jar, target);
                    long took = System.nanoTime() - start;
                    if (i >= 5) {
                        samples.add(took);
                    }
                }
            }
            return samples;
        }
    }
}

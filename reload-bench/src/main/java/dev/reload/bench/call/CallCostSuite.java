package dev.reload.bench.call;

import dev.reload.bench.report.ResultsDirectory;
import dev.reload.bench.report.Table;
import dev.reload.runtime.proxy.CallBarrier;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@link CallCost} and {@link CallPathParts} at one and two threads, and {@link CallFloor}, in one JMH run, with
 * the allocation profiler, and writes {@code call-cost.md}: each route's median against the direct call of the same
 * run, the asymmetric gate's ratios beside the atomic gate's, and the floor under any counted call.
 *
 * <p>The forks ask for the asymmetric gate ({@code -Dreload.gate=asymmetric}), so that {@code proxy} has it wherever
 * the machine allows and {@code proxyAtomicGate} measures the default gate beside it, in the same JVM. The report says
 * which gate {@code proxy} had: this JVM asks for it the same way and reads the answer.
 *
 * <p>{@code java -cp benchmarks.jar dev.reload.bench.call.CallCostSuite [results-dir] [forks]}
 */
public final class CallCostSuite {

    private static final List<String> ROUTES =
            List.of("direct", "proxy", "proxyAtomicGate", "proxySettingContextLoader", "proxyAfter100Swaps",
                    "directAfter100Classes", "handWrittenProxy");
    private static final List<String> PARTS = List.of("gateEnterExit", "gateEnterExitAtomic", "slotEnterExit",
            "slotEnterExitAtomic");
    private static final List<String> FLOOR = List.of("direct", "routeOnly", "countedIn", "countedInAndOut");
    /** Keys of {@link CallFloor}'s results start with this, so its direct call stays apart from {@link CallCost}'s. */
    private static final String FLOOR_KEY = "floor.";

    private static final String GATE_PROPERTY = "reload.gate";

    private CallCostSuite() {
    }

    public static void main(String[] args) throws RunnerException {
        ResultsDirectory results = ResultsDirectory.fromArgs(args);
        int forks = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("^dev\\.reload\\.bench\\.call\\.((CallCost|CallPathParts)(1Thread|2Threads)|CallFloor)\\.")
                .forks(forks)
                .warmupIterations(4)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(5)
                .measurementTime(TimeValue.seconds(1))
                .jvmArgsAppend("-D" + GATE_PROPERTY + "=asymmetric")
                .addProfiler(GCProfiler.class)
                .resultFormat(ResultFormatType.JSON)
                .result(results.resolve("call-cost.json").toString());
        Collection<RunResult> run = new Runner(options.build()).run();

        Map<String, Measured> byName = new LinkedHashMap<>();
        for (RunResult result : run) {
            String benchmark = result.getParams().getBenchmark();
            String[] parts = benchmark.split("\\.");
            String key = (parts[parts.length - 2].equals(CallFloor.class.getSimpleName()) ? FLOOR_KEY : "")
                    + parts[parts.length - 1] + "@" + result.getParams().getThreads();
            byName.put(key, Measured.of(result));
        }
        System.setProperty(GATE_PROPERTY, "asymmetric");
        results.write("call-cost.md", report(byName, forks) + "\n" + gates(byName, CallBarrier.describe()) + "\n"
                + floor(byName));
    }

    /** The ratios a near-free proxy is held to, for the gate {@code proxy} had and for the atomic gate. */
    private static String gates(Map<String, Measured> byName, String gateOfProxy) {
        Table table = new Table("ratio", "proxy (" + gateOfProxy.replaceAll(":.*", "") + " gate)",
                "proxyAtomicGate (atomic gate)");
        Measured direct1 = byName.get("direct@1");
        Measured reflective = byName.get("handWrittenProxy@1");
        for (String route : List.of("proxy", "proxyAtomicGate")) {
            if (byName.get(route + "@1") == null || byName.get(route + "@2") == null) {
                return "";
            }
        }
        table.row("1 thread / direct call",
                ratio(byName.get("proxy@1").median, direct1.median),
                ratio(byName.get("proxyAtomicGate@1").median, direct1.median));
        table.row("overhead over direct / reflective proxy's overhead",
                ratio(byName.get("proxy@1").median - direct1.median, reflective.median - direct1.median),
                ratio(byName.get("proxyAtomicGate@1").median - direct1.median, reflective.median - direct1.median));
        table.row("2 threads / 1 thread",
                ratio(byName.get("proxy@2").median, byName.get("proxy@1").median),
                ratio(byName.get("proxyAtomicGate@2").median, byName.get("proxyAtomicGate@1").median));
        table.row("after 100 swaps / first version",
                ratio(byName.get("proxyAfter100Swaps@1").median, byName.get("proxy@1").median), "-");
        table.row("gate enter and exit alone, ns (1 thread)",
                Table.decimal(byName.get("gateEnterExit@1").median, 2),
                Table.decimal(byName.get("gateEnterExitAtomic@1").median, 2));
        return "### The two gates\n\n`proxy`'s gate: " + gateOfProxy + ". Medians of the table above; the "
                + "reflective proxy is `handWrittenProxy` (`java.lang.reflect.Proxy` over an `AtomicReference`).\n\n"
                + table.toMarkdown();
    }

    /** What any proxy costs at least: a route read alone, and with its calls counted by counters it gets for free. */
    private static String floor(Map<String, Measured> byName) {
        Measured direct = byName.get(FLOOR_KEY + "direct@1");
        if (direct == null) {
            return "";
        }
        Table table = new Table("call path (CallFloor, 1 thread)", "ns/call", "vs its direct call");
        for (String step : FLOOR) {
            Measured measured = byName.get(FLOOR_KEY + step + "@1");
            if (measured != null) {
                table.row(step, measured.describe(), ratio(measured.median, direct.median));
            }
        }
        return "### The floor under a counted call\n\nHand-written stand-ins, each against the direct call measured in "
                + "the same JVMs: a volatile route read and the call through it (`routeOnly`); that plus one opaque "
                + "increment of a counter the call is handed for free (`countedIn`); and a call counted in and out as "
                + "the asymmetric gate counts an owner's calls, again with the counters for free "
                + "(`countedInAndOut`).\n\n" + table.toMarkdown();
    }

    private static String ratio(double value, double against) {
        return Table.decimal(value / against, 2) + "x";
    }

    private static String report(Map<String, Measured> byName, int forks) {
        Table table = new Table("route", "1 thread, ns/call", "vs direct", "2 threads, ns/call", "vs direct",
                "2 threads / 1 thread", "allocation, B/call (1 / 2 threads)");
        Measured floor1 = byName.get("direct@1");
        Measured floor2 = byName.get("direct@2");
        for (String route : ROUTES) {
            Measured one = byName.get(route + "@1");
            Measured two = byName.get(route + "@2");
            if (one == null || two == null) {
                continue;
            }
            table.row(route, one.describe(), versus(one, floor1), two.describe(), versus(two, floor2),
                    Table.decimal(two.median / one.median, 2) + "x",
                    Table.decimal(one.allocation, 1) + " / " + Table.decimal(two.allocation, 1));
        }
        Table parts = new Table("part of the call path", "1 thread, ns", "2 threads, ns", "2 threads / 1 thread");
        for (String part : PARTS) {
            Measured one = byName.get(part + "@1");
            Measured two = byName.get(part + "@2");
            if (one != null && two != null) {
                parts.row(part, one.describe(), two.describe(), Table.decimal(two.median / one.median, 2) + "x");
            }
        }
        return "## Call cost\n\nMedian of " + forks + " fork(s) x 5 iterations of 1 s, [fastest, slowest] "
                + "iteration; \"vs direct\" is against the direct call of the same run and thread count. "
                + "Allocation from JMH's gc profiler (gc.alloc.rate.norm).\n\n"
                + table.toMarkdown() + "\n" + parts.toMarkdown();
    }

    private static String versus(Measured m, Measured floor) {
        double delta = m.median - floor.median;
        return (delta >= 0 ? "+" : "") + Table.decimal(delta, 2) + " ns (" + Table.decimal(m.median / floor.median, 1)
                + "x)";
    }

    private record Measured(double median, double fastest, double slowest, double allocation) {

        static Measured of(RunResult result) {
            List<Double> scores = new ArrayList<>();
            for (BenchmarkResult fork : result.getBenchmarkResults()) {
                for (IterationResult iteration : fork.getIterationResults()) {
                    scores.add(iteration.getPrimaryResult().getScore());
                }
            }
            double[] sorted = scores.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                    : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
            Result<?> allocation = result.getSecondaryResults().get("gc.alloc.rate.norm");
            return new Measured(median, sorted[0], sorted[sorted.length - 1],
                    allocation == null ? Double.NaN : allocation.getScore());
        }

        String describe() {
            return Table.decimal(median, 2) + " [" + Table.decimal(fastest, 2) + ", " + Table.decimal(slowest, 2)
                    + "]";
        }
    }
}

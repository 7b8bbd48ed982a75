package dev.reload.bench.guard;

import dev.reload.bench.call.CallCost1Thread;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.util.Collection;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Fails, with exit status 1, when a call through the reload proxy costs more than {@value #LIMIT} times a direct
 * interface call: a regression such as a lock, an allocation or reflection on the call path, not a few percent.
 *
 * <p>Built not to be flaky on a busy two-core machine. Noise from other processes only ever makes an iteration
 * slower, so each side is judged by its fastest iteration. A ratio over the limit sends the guard back for another
 * measurement, up to {@value #ATTEMPTS} in all, and each side keeps its fastest iteration over all of them: a
 * disturbance has to spoil every iteration of one side, across fresh JVMs, to fail the build. A healthy proxy
 * usually passes on the first measurement (about 8 s); the others cost time only when something is already wrong,
 * the machine is saturated, or every JVM so far drew the slower of the proxy's two speeds.
 *
 * <p>The limit sits close to the healthy ratio: the direct call costs about 0.6 ns in JMH, so 10x is about 6 ns,
 * and the proxy costs about 5 ns. It catches what the call path must never gain (an allocation, a lock,
 * reflection), not a slowdown of a nanosecond.
 *
 * <p>Run by the build's integration test, or by hand: {@code java -cp reload-bench/target/benchmarks.jar
 * dev.reload.bench.guard.CallCostGuard}.
 */
public final class CallCostGuard {

    static final double LIMIT = 10.0;
    static final int ATTEMPTS = 4;

    private CallCostGuard() {
    }

    public static void main(String[] args) throws RunnerException {
        Measurement best = new Measurement(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Measurement m = measure();
            best = new Measurement(Math.min(best.directNanos, m.directNanos), Math.min(best.proxyNanos, m.proxyNanos));
            System.out.printf(Locale.ROOT, "call-cost guard, measurement %d of at most %d: direct %.2f ns, proxy "
                            + "%.2f ns; fastest so far: direct %.2f ns, proxy %.2f ns, ratio %.1fx (limit %.0fx)%n",
                    attempt, ATTEMPTS, m.directNanos, m.proxyNanos, best.directNanos, best.proxyNanos, best.ratio(),
                    LIMIT);
            if (best.ratio() <= LIMIT) {
                System.out.println("call-cost guard: passed");
                return;
            }
        }
        System.out.printf(Locale.ROOT, "call-cost guard: FAILED: the proxy costs more than %.0fx a direct call, "
                + "fastest iterations of %d measurements compared; run reload-bench/run.sh and look at the call "
                + "path%n", LIMIT, ATTEMPTS);
        System.exit(1);
    }

    private static Measurement measure() throws RunnerException {
        Options options = new OptionsBuilder()
                .include("^" + Pattern.quote(CallCost1Thread.class.getName()) + "\\.(direct|proxy)$")
                // The same code runs at one of two speeds from one JVM to the next (about 5 or 7 ns here); two
                // forks per measurement, and the fastest over all measurements, keep the guard on the faster.
                .forks(2)
                .warmupIterations(5)
                .warmupTime(TimeValue.milliseconds(100))
                // Many short iterations: under load, some of them escape other processes' time slices.
                .measurementIterations(20)
                .measurementTime(TimeValue.milliseconds(50))
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        double direct = Double.NaN;
        double proxy = Double.NaN;
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark();
            double fastest = fastestIteration(result);
            if (name.endsWith(".direct")) {
                direct = fastest;
            } else if (name.endsWith(".proxy")) {
                proxy = fastest;
            }
        }
        if (Double.isNaN(direct) || Double.isNaN(proxy)) {
            throw new IllegalStateException("the guard's benchmarks did not both run: " + results.size()
                    + " result(s)");
        }
        return new Measurement(direct, proxy);
    }

    private static double fastestIteration(RunResult result) {
        double fastest = Double.POSITIVE_INFINITY;
        for (BenchmarkResult fork : result.getBenchmarkResults()) {
            for (IterationResult iteration : fork.getIterationResults()) {
                fastest = Math.min(fastest, iteration.getPrimaryResult().getScore());
            }
        }
        return fastest;
    }

    private record Measurement(double directNanos, double proxyNanos) {
        double ratio() {
            return proxyNanos / directNanos;
        }
    }
}

package dev.reload.bench.engine;

import dev.reload.bench.report.ResultsDirectory;
import dev.reload.bench.report.Table;
import dev.reload.bench.subject.PlusOne;
import dev.reload.bench.subject.Scorer;
import org.HdrHistogram.Histogram;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * What swaps do to the calls around them: two threads call the proxy without pause, timing every call into an
 * HdrHistogram, alternately for windows with no swap and windows with a swap every 100 ms; a window of direct calls
 * timed the same way gives the floor (the cost of reading the clock twice). Alternating the windows spreads any
 * change in the machine's load over both conditions.
 *
 * <p>The runtime's settle time is 0 here, so that a jar replaced every 100 ms is loaded every time rather than
 * waiting to stay unchanged for the settle time.
 *
 * <p>{@code java -cp benchmarks.jar dev.reload.bench.engine.CallsDuringSwaps [results-dir]}
 */
public final class CallsDuringSwaps {

    private static final int CALLERS = 2;
    private static final int ROUNDS = 4;
    private static final long WINDOW_MILLIS = 5_000;
    private static final long SWAP_EVERY_MILLIS = 100;
    private static final int SWAPS_PER_WINDOW = (int) (WINDOW_MILLIS / SWAP_EVERY_MILLIS);

    /** What the callers are doing; only the measured phases are reported. */
    enum Phase { WARM_UP, FLOOR, QUIET, SWAPPING, BETWEEN, DONE }

    private CallsDuringSwaps() {
    }

    public static void main(String[] args) throws Exception {
        ResultsDirectory results = ResultsDirectory.fromArgs(args);
        long[] collections = new long[Phase.values().length];
        long[] collectionMillis = new long[Phase.values().length];
        int swapsDone;
        List<Caller> callers = new ArrayList<>();
        try (Swaps swaps = new Swaps(ROUNDS * SWAPS_PER_WINDOW, Duration.ZERO)) {
            PhaseClock clock = new PhaseClock();
            for (int i = 0; i < CALLERS; i++) {
                callers.add(new Caller("bench-caller-" + i, clock, new PlusOne(), swaps.proxy()));
            }
            callers.forEach(Caller::start);
            clock.run(Phase.WARM_UP, 3_000, collections, collectionMillis);
            clock.run(Phase.FLOOR, WINDOW_MILLIS, collections, collectionMillis);
            int next = 1;
            for (int round = 0; round < ROUNDS; round++) {
                clock.run(Phase.QUIET, WINDOW_MILLIS, collections, collectionMillis);
                clock.enter(Phase.SWAPPING);
                long start = System.nanoTime();
                for (int k = 0; k < SWAPS_PER_WINDOW; k++) {
                    sleepUntil(start + TimeUnit.MILLISECONDS.toNanos(k * SWAP_EVERY_MILLIS));
                    swaps.deploy(next++);
                }
                sleepUntil(start + TimeUnit.MILLISECONDS.toNanos(WINDOW_MILLIS));
                clock.leave(collections, collectionMillis);
                clock.enter(Phase.BETWEEN);
                // The next quiet window starts only once the last swap has served and its predecessor retired.
                swaps.events().swapped(next - 1, Swaps.TIMEOUT_MILLIS);
                swaps.events().retired(next - 2, Swaps.TIMEOUT_MILLIS);
                Thread.sleep(200);
                clock.leave(collections, collectionMillis);
            }
            clock.enter(Phase.DONE);
            for (Caller caller : callers) {
                caller.join();
            }
            swapsDone = swaps.events().count("swapped");
        }
        Table table = new Table("calls", "timed calls", "p50, ns", "p90, ns", "p99, ns", "p99.9, ns", "p99.99, ns",
                "max, ns", "GCs (time)");
        Histogram floor = merged(callers, Phase.FLOOR);
        Histogram quiet = merged(callers, Phase.QUIET);
        Histogram swapping = merged(callers, Phase.SWAPPING);
        row(table, "direct (floor: clock read twice)", floor, collections, collectionMillis, Phase.FLOOR);
        row(table, "proxy, no swaps", quiet, collections, collectionMillis, Phase.QUIET);
        row(table, "proxy, a swap every 100 ms", swapping, collections, collectionMillis, Phase.SWAPPING);
        for (Phase phase : List.of(Phase.FLOOR, Phase.QUIET, Phase.SWAPPING)) {
            try (PrintStream out = new PrintStream(new FileOutputStream(
                    results.resolve("calls-during-swaps-" + phase.name().toLowerCase(Locale.ROOT) + ".hgrm")
                            .toFile()))) {
                merged(callers, phase).outputPercentileDistribution(out, 1.0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        double p99Ratio = (double) swapping.getValueAtPercentile(99) / quiet.getValueAtPercentile(99);
        results.write("calls-during-swaps.md", "## Calls during swaps\n\n" + CALLERS + " threads calling without "
                + "pause; " + ROUNDS + " alternating windows of " + WINDOW_MILLIS / 1000 + " s per condition; "
                + swapsDone + " swaps served (the settle time is 0, see the class comment). Every call is timed "
                + "with System.nanoTime() on each side, so the floor row is the clock's own cost.\n\n"
                + table.toMarkdown() + "\np99 with swaps / p99 without: " + Table.decimal(p99Ratio, 2) + "x; p99.9: "
                + Table.decimal((double) swapping.getValueAtPercentile(99.9) / quiet.getValueAtPercentile(99.9), 2)
                + "x; p99.99: " + Table.decimal((double) swapping.getValueAtPercentile(99.99)
                / quiet.getValueAtPercentile(99.99), 2) + "x. Full distributions: calls-during-swaps-*.hgrm.\n");
    }

    private static void row(Table table, String label, Histogram h, long[] collections, long[] collectionMillis,
                            Phase phase) {
        table.row(label, String.format(Locale.ROOT, "%,d", h.getTotalCount()), ns(h, 50), ns(h, 90), ns(h, 99),
                ns(h, 99.9), ns(h, 99.99), String.format(Locale.ROOT, "%,d", h.getMaxValue()),
                collections[phase.ordinal()] + " (" + collectionMillis[phase.ordinal()] + " ms)");
    }

    private static String ns(Histogram h, double percentile) {
        return String.format(Locale.ROOT, "%,d", h.getValueAtPercentile(percentile));
    }

    private static Histogram merged(List<Caller> callers, Phase phase) {
        Histogram all = new Histogram(3);
        callers.forEach(c -> all.add(c.histograms[phase.ordinal()]));
        return all;
    }

    private static void sleepUntil(long deadline) {
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            LockSupport.parkNanos(left);
        }
    }

    /** The current phase, and the collector activity during each. */
    private static final class PhaseClock {
        private volatile Phase phase = Phase.WARM_UP;
        private long collectionsAtEntry;
        private long collectionMillisAtEntry;

        void enter(Phase next) {
            collectionsAtEntry = collections();
            collectionMillisAtEntry = collectionMillis();
            phase = next;
        }

        void leave(long[] collections, long[] collectionMillis) {
            collections[phase.ordinal()] += collections() - collectionsAtEntry;
            collectionMillis[phase.ordinal()] += collectionMillis() - collectionMillisAtEntry;
        }

        void run(Phase next, long millis, long[] collections, long[] collectionMillis) throws InterruptedException {
            enter(next);
            Thread.sleep(millis);
            leave(collections, collectionMillis);
        }

        private static long collections() {
            long count = 0;
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                count += Math.max(0, gc.getCollectionCount());
            }
            return count;
        }

        private static long collectionMillis() {
            long millis = 0;
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                millis += Math.max(0, gc.getCollectionTime());
            }
            return millis;
        }
    }

    /** One calling thread: times every call into the histogram of the current phase. */
    private static final class Caller extends Thread {
        private final PhaseClock clock;
        private final Scorer direct;
        private final Scorer proxy;
        final Histogram[] histograms = new Histogram[Phase.values().length];
        /** Keeps the results alive. */
        volatile int sink;

        Caller(String name, PhaseClock clock, Scorer direct, Scorer proxy) {
            super(name);
            setDaemon(true);
            this.clock = clock;
            this.direct = direct;
            this.proxy = proxy;
            for (int i = 0; i < histograms.length; i++) {
                histograms[i] = new Histogram(3);
            }
        }

        @Override
        public void run() {
            int x = (int) getId();
            for (Phase phase; (phase = clock.phase) != Phase.DONE; ) {
                x = timeCalls(phase, phase == Phase.FLOOR ? direct : proxy, histograms[phase.ordinal()], x);
            }
            sink = x;
        }

        /** Calls until the phase changes; each call's argument is the last result, so none can be skipped. */
        private int timeCalls(Phase phase, Scorer target, Histogram histogram, int x) {
            while (clock.phase == phase) {
                long start = System.nanoTime();
                x = target.score(x) & 0xFFFF;
                long end = System.nanoTime();
                histogram.recordValue(end - start);
            }
            return x;
        }
    }
}

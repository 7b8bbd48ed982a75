package dev.reload.bench.engine;

import dev.reload.bench.report.ResultsDirectory;
import dev.reload.bench.report.Samples;
import dev.reload.bench.report.Table;

import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Retirement: from the switch to a new version (its first call served) to the Retired event of the version it
 * replaced (calls drained, instances closed, class loader released), then to that version's Unloaded event (its
 * class loader collected), with {@link System#gc()} forced until it comes, since nothing else here would collect it
 * soon.
 *
 * <p>Twice: once with the calling thread ended after the switch, and once with a thread that goes on calling in a
 * loop, as a busy service's threads do. The second shows whether compiled code still running on a thread keeps a
 * replaced version reachable.
 *
 * <p>{@code java -cp benchmarks.jar dev.reload.bench.engine.Retirement [results-dir]}
 */
public final class Retirement {

    private static final int WARM_UP_SWAPS = 3;
    private static final int SWAPS = 30;
    private static final int MAX_GCS = 10;

    private Retirement() {
    }

    public static void main(String[] args) throws Exception {
        ResultsDirectory results = ResultsDirectory.fromArgs(args);
        StringBuilder raw = new StringBuilder("caller,swap,switch_to_retired_ns,retired_to_unloaded_ns,gcs\n");
        Run stopped = measure(false, raw);
        Run running = measure(true, raw);
        Table table = new Table("interval", "caller", "p50, ms", "p90, ms", "max, ms");
        stopped.rows(table, "ended after the switch");
        running.rows(table, "calling throughout");
        Files.writeString(results.resolve("retirement.csv"), raw);
        results.write("retirement.md", "## Retirement\n\n" + SWAPS + " swaps per row group (after " + WARM_UP_SWAPS
                + " warm-up swaps). \"Switch\" is the first call the new version served; events are timed when a "
                + "listener received them; System.gc() is called, 200 ms apart, until the Unloaded event comes, at "
                + "most " + MAX_GCS + " times.\n\n" + table.toMarkdown() + "\n" + stopped.gcs("ended after the switch")
                + running.gcs("calling throughout"));
    }

    private static Run measure(boolean keepCalling, StringBuilder raw) throws Exception {
        Run run = new Run();
        try (Swaps swaps = new Swaps(WARM_UP_SWAPS + SWAPS, Duration.ZERO)) {
            EventLog events = swaps.events();
            ServedVersions caller = keepCalling ? new ServedVersions(swaps.proxy()) : null;
            try {
                for (int n = 1; n <= WARM_UP_SWAPS + SWAPS; n++) {
                    Thread.sleep(50);
                    long switchedAt;
                    if (keepCalling) {
                        swaps.deploy(n);
                        switchedAt = caller.await(n, Swaps.TIMEOUT_MILLIS);
                    } else {
                        try (ServedVersions served = new ServedVersions(swaps.proxy())) {
                            served.await(n - 1, Swaps.TIMEOUT_MILLIS);
                            swaps.deploy(n);
                            switchedAt = served.await(n, Swaps.TIMEOUT_MILLIS);
                        }
                    }
                    long retiredAt = events.retired(n - 1, Swaps.TIMEOUT_MILLIS);
                    int gcs = 0;
                    long unloadedAt = 0;
                    while (unloadedAt == 0 && gcs < MAX_GCS) {
                        System.gc();
                        gcs++;
                        try {
                            unloadedAt = events.unloaded(n - 1, 200);
                        } catch (TimeoutException e) {
                            unloadedAt = 0;
                        }
                    }
                    raw.append(keepCalling ? "running" : "stopped").append(',').append(n).append(',')
                            .append(retiredAt - switchedAt).append(',')
                            .append(unloadedAt == 0 ? -1 : unloadedAt - retiredAt).append(',').append(gcs)
                            .append('\n');
                    if (n > WARM_UP_SWAPS) {
                        run.add(switchedAt, retiredAt, unloadedAt, gcs);
                    }
                }
            } finally {
                if (caller != null) {
                    caller.close();
                }
            }
        }
        return run;
    }

    private static final class Run {
        final Samples toRetired = new Samples();
        final Samples retiredToUnloaded = new Samples();
        final Samples toUnloaded = new Samples();
        final Samples gcsNeeded = new Samples();
        int neverUnloaded;

        void add(long switchedAt, long retiredAt, long unloadedAt, int gcs) {
            toRetired.add(retiredAt - switchedAt);
            if (unloadedAt == 0) {
                neverUnloaded++;
            } else {
                retiredToUnloaded.add(unloadedAt - retiredAt);
                toUnloaded.add(unloadedAt - switchedAt);
                gcsNeeded.add(gcs);
            }
        }

        void rows(Table table, String caller) {
            row(table, "switch → Retired", caller, toRetired);
            row(table, "Retired → Unloaded (GC forced)", caller, retiredToUnloaded);
            row(table, "switch → Unloaded", caller, toUnloaded);
        }

        private static void row(Table table, String interval, String caller, Samples samples) {
            if (samples.size() == 0) {
                table.row(interval, caller, "-", "-", "-");
            } else {
                table.row(interval, caller, Table.millis(samples.median()), Table.millis(samples.percentile(90)),
                        Table.millis(samples.max()));
            }
        }

        String gcs(String caller) {
            return "Caller " + caller + ": System.gc() calls until Unloaded: median "
                    + (gcsNeeded.size() == 0 ? "-" : gcsNeeded.median()) + ", most "
                    + (gcsNeeded.size() == 0 ? "-" : gcsNeeded.max()) + "; versions not unloaded within " + MAX_GCS
                    + " collections: " + neverUnloaded + " of " + SWAPS + ".\n";
        }
    }
}

package dev.reload.bench.engine;

import dev.reload.bench.report.ResultsDirectory;
import dev.reload.bench.report.Table;

import javax.management.JMException;
import javax.management.ObjectName;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * What many swaps leave behind: loaded classes, and Metaspace and compressed class space in use, after 10, 100, 1,000
 * and 2,000 swaps of a one-class plugin. Before each reading every replaced version has been retired, and
 * collections are forced until all of them have been unloaded (at most 10), so readings compare what stays
 * reachable, not what a lazy collector has not yet freed. Beside each reading, {@code memory-vm-metaspace-<n>.txt}
 * holds what {@code jcmd VM.metaspace show-loaders} would print: Metaspace by class loader.
 *
 * <p>Two things tell a per-swap leak, which keeps growing, from the JIT's one-time metadata for the loading code,
 * which levels off: the growth from 1,000 to 2,000 swaps, and a run with {@code -Xint}, which has no JIT (it writes
 * {@code memory-xint.md} instead of {@code memory.md}). The targets are stated on the first: Metaspace from 1,000 to
 * 2,000 swaps grows at most 1 %, and loaded classes stay flat.
 *
 * <p>{@code java -cp benchmarks.jar dev.reload.bench.engine.MemoryAfterSwaps [results-dir]}
 */
public final class MemoryAfterSwaps {

    private static final int SWAPS = Integer.getInteger("swaps", 2_000);
    private static final Set<Integer> CHECKPOINTS = new TreeSet<>(List.of(10, 100, 1_000, SWAPS));
    /** Past the JIT's warm-up, what more swaps may add: a leak of a class loader per swap would add far more. */
    private static final double MAX_GROWTH_PERCENT = 1.0;
    /** Loaded classes the JVM itself may add over a thousand swaps (lambda forms, reflection accessors). */
    private static final int FLAT_CLASSES = 10;

    private MemoryAfterSwaps() {
    }

    public static void main(String[] args) throws Exception {
        ResultsDirectory results = ResultsDirectory.fromArgs(args);
        boolean interpreted = ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-Xint");
        String name = interpreted ? "memory-xint" : "memory";
        Table table = new Table("after", "loaded classes", "classes unloaded so far", "Metaspace used, KiB",
                "compressed class space used, KiB", "replaced versions not unloaded");
        Map<Integer, Reading> readings = new TreeMap<>();
        long started = System.nanoTime();
        try (Swaps swaps = new Swaps(SWAPS, Duration.ZERO);
             ServedVersions served = new ServedVersions(swaps.proxy())) {
            served.await(0, Swaps.TIMEOUT_MILLIS);
            // Loads the management classes before the first reading, so that later ones do not count them.
            vmMetaspace();
            Reading reading = read(swaps.events(), 0);
            table.row(reading.cells("start"));
            for (int n = 1; n <= SWAPS; n++) {
                swaps.deploy(n);
                served.await(n, Swaps.TIMEOUT_MILLIS);
                if (CHECKPOINTS.contains(n)) {
                    swaps.events().retired(n - 1, Swaps.TIMEOUT_MILLIS);
                    reading = read(swaps.events(), n);
                    readings.put(n, reading);
                    table.row(reading.cells(n + " swaps"));
                    Files.writeString(results.resolve(name + "-vm-metaspace-" + n + ".txt"), vmMetaspace());
                }
            }
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        Reading at10 = readings.get(10);
        Reading at1000 = readings.get(1_000);
        Reading atEnd = readings.get(SWAPS);
        StringBuilder text = new StringBuilder("## Memory after swaps")
                .append(interpreted ? ", interpreter only (-Xint: no JIT, for comparison)" : "").append("\n\n")
                .append(SWAPS)
                .append(" swaps of a one-class plugin in ").append(seconds).append(" s. Each reading follows forced "
                        + "collections until every replaced version was unloaded (at most 10).\n\n")
                .append(table.toMarkdown()).append('\n');
        if (at10 != null && at1000 != null) {
            text.append("Metaspace used after 1,000 swaps against after 10: ").append(growth(at10, at1000))
                    .append("; loaded classes ").append(signed(at1000.loadedClasses - at10.loadedClasses))
                    .append(".\n");
        }
        if (at1000 != null && SWAPS > 1_000) {
            text.append("From 1,000 to ").append(SWAPS).append(" swaps: ").append(growth(at1000, atEnd))
                    .append("; loaded classes ").append(signed(atEnd.loadedClasses - at1000.loadedClasses))
                    .append(".\n\n");
            double percent = 100.0 * (atEnd.metaspaceUsed - at1000.metaspaceUsed) / at1000.metaspaceUsed;
            text.append("Target: Metaspace growth from 1,000 to ").append(SWAPS).append(" swaps at most ")
                    .append(MAX_GROWTH_PERCENT).append(" %: ")
                    .append(percent <= MAX_GROWTH_PERCENT ? "holds" : "misses")
                    .append(". Target: loaded classes flat (at most ").append(FLAT_CLASSES)
                    .append(" more, the benchmark's own noise): ")
                    .append(atEnd.loadedClasses - at1000.loadedClasses <= FLAT_CLASSES ? "holds" : "misses")
                    .append(".\n");
        }
        results.write(name + ".md", text.toString());
    }

    private static String growth(Reading from, Reading to) {
        long bytes = to.metaspaceUsed - from.metaspaceUsed;
        return signed(Math.round(1000.0 * bytes / from.metaspaceUsed) / 10.0) + " % (" + signed(bytes / 1024)
                + " KiB, " + signed(bytes / Math.max(1, to.swaps - from.swaps)) + " bytes per swap)";
    }

    private static String signed(Number n) {
        return (n.doubleValue() >= 0 ? "+" : "") + n;
    }

    private static Reading read(EventLog events, int swaps) throws InterruptedException {
        int pending = swaps;
        for (int gc = 0; gc < 10 && pending > 0; gc++) {
            System.gc();
            Thread.sleep(100);
            pending = swaps - events.count("unloaded");
        }
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        return new Reading(swaps, classes.getLoadedClassCount(), classes.getUnloadedClassCount(), used("Metaspace"),
                used("Compressed Class Space"), pending);
    }

    /** @return what {@code jcmd <pid> VM.metaspace show-loaders} prints */
    private static String vmMetaspace() {
        try {
            ObjectName name = new ObjectName("com.sun.management:type=DiagnosticCommand");
            Object out = ManagementFactory.getPlatformMBeanServer().invoke(name, "vmMetaspace",
                    new Object[] {new String[] {"show-loaders"}}, new String[] {String[].class.getName()});
            return String.valueOf(out);
        } catch (JMException e) {
            return "VM.metaspace is not available: " + e;
        }
    }

    private static long used(String pool) {
        for (MemoryPoolMXBean bean : ManagementFactory.getMemoryPoolMXBeans()) {
            if (bean.getName().equals(pool)) {
                return bean.getUsage().getUsed();
            }
        }
        return -1;
    }

    private record Reading(int swaps, int loadedClasses, long unloadedClasses, long metaspaceUsed,
                           long classSpaceUsed, int notUnloaded) {
        Object[] cells(String label) {
            return new Object[] {label, loadedClasses, unloadedClasses, metaspaceUsed / 1024, classSpaceUsed / 1024,
                    notUnloaded};
        }
    }
}

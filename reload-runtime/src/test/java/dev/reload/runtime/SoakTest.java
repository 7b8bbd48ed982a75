package dev.reload.runtime;

import dev.reload.api.ReloadEvent;
import dev.reload.api.ReloadListener;
import dev.reload.api.ServiceRegistry;
import dev.reload.testkit.Greeter;
import dev.reload.testkit.PluginJar;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Minutes of swaps, deletions and corrupt drops under callers that never pause. Not part of the default build:
 * {@code mvn -B -pl reload-api,reload-runtime -am install -DskipTests && mvn -B -pl reload-runtime test -Psoak}.
 */
@Tag("soak")
public class SoakTest {

    private static final int CALLERS = 4;
    private static final int SWAPS = Integer.getInteger("soak.swaps", 1_000);

    /** What each version's implementation reports, keyed by version: calls served, closes, calls after close. */
    public static final Map<String, long[]> LEDGER = new ConcurrentHashMap<>();

    @TempDir
    Path dir;

    @Test
    void swapsDeletionsAndCorruptDropsNeverFailACall() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        byte[] template = PluginJar.named("template.jar").classpath(Greeter.class, SoakTest.class)
                .source("soak.Impl", "package soak;\n"
                        + "public class Impl implements dev.reload.testkit.Greeter, AutoCloseable {\n"
                        + "  private final String version;\n"
                        + "  private final long[] ledger;\n"
                        + "  private volatile boolean closed;\n"
                        + "  public Impl() throws Exception {\n"
                        + "    try (var in = Impl.class.getResourceAsStream(\"/version.txt\")) {\n"
                        + "      version = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);\n"
                        + "    }\n"
                        + "    ledger = new long[3];\n"
                        + "    dev.reload.runtime.SoakTest.LEDGER.put(version + \"@\" + System.identityHashCode(this), ledger);\n"
                        + "  }\n"
                        + "  public String greet(String name) {\n"
                        + "    if (closed) { synchronized (ledger) { ledger[2]++; } }\n"
                        + "    synchronized (ledger) { ledger[0]++; }\n"
                        + "    return version;\n"
                        + "  }\n"
                        + "  public void close() { closed = true; synchronized (ledger) { ledger[1]++; } }\n"
                        + "}\n")
                .service(Greeter.class, "soak.Impl").bytes();

        List<String> history = new CopyOnWriteArrayList<>();
        List<Path> rejected = new CopyOnWriteArrayList<>();
        ReloadListener listener = event -> {
            if (event instanceof ReloadEvent.Swapped && ((ReloadEvent.Swapped) event).toVersion() != null) {
                history.add(((ReloadEvent.Swapped) event).toVersion());
            } else if (event instanceof ReloadEvent.Rejected) {
                rejected.add(((ReloadEvent.Rejected) event).file());
            }
        };
        ServiceRegistry.addListener(listener);
        Files.write(plugins.resolve("soak-1.0.jar"), withVersion(template, "1.0"));
        try (ReloadRuntime runtime = ReloadRuntime.start(ReloadOptions.defaults().withPlugins(plugins)
                .withSettleTime(Duration.ofMillis(20)).withDrainTimeout(Duration.ofSeconds(10)))) {
            Greeter greeter = ServiceRegistry.get(Greeter.class);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong calls = new AtomicLong();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<String[]> observations = new ConcurrentLinkedQueue<>();
            List<Thread> callers = new ArrayList<>();
            for (int i = 0; i < CALLERS; i++) {
                Thread caller = new Thread(() -> {
                    long n = 0;
                    while (!stop.get()) {
                        String before = versionOf(greeter);
                        try {
                            String answer = greeter.greet("x");
                            // Checking every call's window costs a toString each; a sample is as telling.
                            if (++n % 64 == 0) {
                                observations.add(new String[] {before, answer, versionOf(greeter)});
                            }
                        } catch (RuntimeException e) {
                            failures.add(e.toString());
                        }
                        calls.incrementAndGet();
                    }
                }, "soak-caller-" + i);
                caller.start();
                callers.add(caller);
            }

            Random random = new Random(42);
            TreeMap<Integer, Path> present = new TreeMap<>();
            present.put(0, plugins.resolve("soak-1.0.jar"));
            long classesAt100 = 0;
            int corrupt = 0;
            int deletions = 0;
            long started = System.nanoTime();
            for (int swap = 1; swap <= SWAPS; swap++) {
                int roll = random.nextInt(10);
                if (roll == 0 && present.size() > 1) {
                    // Delete the highest version: calls roll back to the next one still present.
                    Files.delete(present.pollLastEntry().getValue());
                    deletions++;
                } else if (roll == 1) {
                    Path bad = plugins.resolve("soak-" + (1000 + swap) + ".0.jar");
                    move(plugins, bad, "not a jar".getBytes(StandardCharsets.UTF_8));
                    corrupt++;
                    await().atMost(Duration.ofSeconds(30)).until(() -> rejected.contains(bad));
                    Files.delete(bad);
                    continue;
                } else {
                    String version = (1000 + swap) + ".0";
                    Path jar = plugins.resolve("soak-" + version + ".jar");
                    move(plugins, jar, withVersion(template, version));
                    present.put(swap, jar);
                }
                String expected = versionName(present.lastEntry().getValue());
                await().atMost(Duration.ofSeconds(30)).until(() -> expected.equals(versionOf(greeter)));
                if (swap == 100) {
                    classesAt100 = loadedClassesAfterGc();
                }
            }
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
            stop.set(true);
            for (Thread caller : callers) {
                caller.join(TimeUnit.SECONDS.toMillis(30));
            }
            long classesAtEnd = loadedClassesAfterGc();
            // Closing retires the last version too, so every instance must now have been closed exactly once.
            runtime.close();

            long wrongWindow = observations.stream().filter(o -> !inWindow(history, o[0], o[1], o[2])).count();
            long closedTwice = LEDGER.values().stream().filter(l -> l[1] > 1).count();
            long neverClosed = LEDGER.values().stream().filter(l -> l[1] == 0).count();
            long callsAfterClose = LEDGER.values().stream().mapToLong(l -> l[2]).sum();
            System.out.printf("soak: %d swaps (%d deletions, %d corrupt drops) in %d s; %d calls, %d failed; "
                            + "%d sampled calls outside their version's window; of %d instances %d closed more than "
                            + "once and %d never; %d calls after close; loaded classes %d after 100 swaps, %d after "
                            + "%d%n",
                    SWAPS, deletions, corrupt, seconds, calls.get(), failures.size(), wrongWindow, LEDGER.size(),
                    closedTwice, neverClosed,
                    callsAfterClose, classesAt100, classesAtEnd, SWAPS);

            assertThat(failures).isEmpty();
            assertThat(wrongWindow).isZero();
            assertThat(closedTwice).isZero();
            assertThat(neverClosed).isZero();
            assertThat(callsAfterClose).isZero();
            assertThat(classesAtEnd).isLessThan(classesAt100 + 2_000);
        } finally {
            ServiceRegistry.removeListener(listener);
        }
    }

    private static String versionOf(Greeter greeter) {
        String s = greeter.toString();
        int at = s.lastIndexOf("version ");
        return at < 0 ? "" : s.substring(at + 8, s.length() - 1);
    }

    private static String versionName(Path jar) {
        String name = jar.getFileName().toString();
        return name.substring("soak-".length(), name.length() - ".jar".length());
    }

    /** The served version must sit, in the order routes changed, between the routes seen before and after. */
    private static boolean inWindow(List<String> history, String before, String served, String after) {
        for (int i = 0; i < history.size(); i++) {
            if (!history.get(i).equals(before)) {
                continue;
            }
            for (int j = i; j < history.size(); j++) {
                if (history.get(j).equals(served)) {
                    for (int k = j; k < history.size(); k++) {
                        if (history.get(k).equals(after)) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    private static long loadedClassesAfterGc() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
    }

    private static void move(Path plugins, Path target, byte[] content) throws Exception {
        Path staging = plugins.resolve(".staging");
        Files.write(staging, content);
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    }

    private static byte[] withVersion(byte[] template, String version) throws Exception {
        var out = new java.io.ByteArrayOutputStream();
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(template));
             var zip = new java.util.zip.ZipOutputStream(out)) {
            for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                zip.putNextEntry(new java.util.zip.ZipEntry(entry.getName()));
                in.transferTo(zip);
                zip.closeEntry();
            }
            zip.putNextEntry(new java.util.zip.ZipEntry("version.txt"));
            zip.write(version.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return out.toByteArray();
    }
}

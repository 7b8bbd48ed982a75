package dev.reload.runtime;

import dev.reload.api.ReloadEvent;
import dev.reload.api.ServiceRegistry;
import dev.reload.api.ServiceUnavailableException;
import dev.reload.testkit.Counter;
import dev.reload.testkit.Greeter;
import dev.reload.testkit.PluginJar;
import dev.reload.testkit.Probe;
import dev.reload.testkit.RuntimeFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * State handover, end to end: counter plugins whose versions carry their count to the next, swapped while calls run.
 */
class HandoverTest {

    private static final Duration WAIT = RuntimeFixture.WAIT;

    @RegisterExtension
    final RuntimeFixture fixture = new RuntimeFixture();

    private final Path plugins = fixture.plugins();
    private final List<ReloadEvent> events = fixture.events();

    @BeforeEach
    void forgetWhatEarlierTestsRecorded() {
        Probe.arm();
        Probe.release();
    }

    private Counter start() {
        return start(fixture.options());
    }

    private Counter start(ReloadOptions options) {
        fixture.start(options);
        return ServiceRegistry.get(Counter.class);
    }

    private static void awaitVersion(Counter counter, String version) {
        await().atMost(WAIT).ignoreExceptions().until(() -> counter.version().equals(version));
    }

    /** Moves a jar in at once, as a careful deployment does; the bytes are built beforehand, so this is quick. */
    private Path drop(String fileName, byte[] jar) throws IOException {
        Path staging = Files.createTempFile(fixture.root(), ".staging-", ".tmp");
        Files.write(staging, jar);
        return Files.move(staging, plugins.resolve(fileName), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    private Path writeConfig(String... lines) throws IOException {
        Path staging = Files.createTempFile(fixture.root(), ".config-", ".tmp");
        Files.writeString(staging, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return Files.move(staging, plugins.resolve("counter.properties"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * A {@code counter-<version>.jar}. Its implementation counts in an {@code AtomicLong}, records
     * {@code "export <version> <count>"}, {@code "import <version> <state>"}, {@code "returned <version>"} after a
     * {@link Counter#pause()} and {@code "closed counter <version>"}, and answers {@link Counter#version()} with its
     * version, followed by {@code " label=<label>"} when its configuration has a label.
     */
    private static final class CounterJar {

        private final String version;
        private String id = "counter";
        private String handoverType = "Long";
        private String exportBody = "return count.get();";
        private String importBody = "count.set(state == null ? 0 : state);";
        private String greeter;
        private String afterPause = "";
        private final List<String[]> sources = new ArrayList<>();

        private CounterJar(String version) {
            this.version = version;
        }

        static CounterJar version(String version) {
            return new CounterJar(version);
        }

        /** Names the plugin {@code id} rather than {@code counter}. */
        CounterJar id(String id) {
            this.id = id;
            return this;
        }

        /** An implementation that does not implement {@code Handover}: its count starts at zero. */
        CounterJar withoutHandover() {
            handoverType = null;
            return this;
        }

        /**
         * @param type       the snapshot type
         * @param exportBody the body of {@code exportState()}, after it has recorded the export
         * @param importBody the body of {@code importState(<type> state)}, after it has recorded the import
         */
        CounterJar handover(String type, String exportBody, String importBody) {
            this.handoverType = type;
            this.exportBody = exportBody;
            this.importBody = importBody;
            return this;
        }

        /** Has {@link Counter#pause()}, once released, increment through the registry's proxy on the same thread. */
        CounterJar incrementThroughTheRegistryAfterPause() {
            afterPause = "Probe.record(\"nested \" + dev.reload.api.ServiceRegistry.get("
                    + "dev.reload.testkit.Counter.class).increment()); ";
            return this;
        }

        CounterJar source(String className, String code) {
            sources.add(new String[] {className, code});
            return this;
        }

        /**
         * Adds a {@link Greeter} implementation without handover, answering {@code "<version>:<name>"}; the name
         * {@code "hold"} waits in {@link Probe#hold()}, and closing it records {@code "closed greeter <version>"}.
         */
        CounterJar withGreeter() {
            greeter = "package plugin;\n"
                    + "import dev.reload.testkit.Probe;\n"
                    + "public class GreeterImpl implements dev.reload.testkit.Greeter, AutoCloseable {\n"
                    + "  public String greet(String name) {\n"
                    + "    if (name.equals(\"hold\")) { Probe.hold(); Probe.record(\"returned greeter " + version
                    + "\"); }\n"
                    + "    return \"" + version + ":\" + name;\n"
                    + "  }\n"
                    + "  public void close() { Probe.record(\"closed greeter " + version + "\"); }\n"
                    + "}\n";
            return this;
        }

        PluginJar jar() {
            String implemented = "dev.reload.testkit.Counter, AutoCloseable"
                    + (handoverType == null ? "" : ", dev.reload.api.Handover<" + handoverType + ">");
            StringBuilder source = new StringBuilder()
                    .append("package plugin;\n")
                    .append("import dev.reload.api.PluginContext;\n")
                    .append("import dev.reload.testkit.Probe;\n")
                    .append("import java.util.concurrent.atomic.AtomicLong;\n")
                    .append("public class CounterImpl implements ").append(implemented).append(" {\n")
                    .append("  private final AtomicLong count = new AtomicLong();\n")
                    .append("  private final String label;\n")
                    .append("  public CounterImpl(PluginContext context) {\n")
                    .append("    String l = context.config(\"label\", null);\n")
                    .append("    label = \"").append(version).append("\" + (l == null ? \"\" : \" label=\" + l);\n")
                    .append("  }\n")
                    .append("  public long increment() { return count.incrementAndGet(); }\n")
                    .append("  public long count() { return count.get(); }\n")
                    .append("  public String version() { return label; }\n")
                    .append("  public String pause() {\n")
                    .append("    Probe.hold(); ").append(afterPause)
                    .append("Probe.record(\"returned ").append(version).append("\"); return label;\n")
                    .append("  }\n")
                    .append("  public void close() { Probe.record(\"closed counter ").append(version)
                    .append("\"); }\n");
            if (handoverType != null) {
                source.append("  public ").append(handoverType).append(" exportState() {\n")
                        .append("    Probe.record(\"export ").append(version).append(" \" + count.get());\n")
                        .append("    ").append(exportBody).append("\n")
                        .append("  }\n")
                        .append("  public void importState(").append(handoverType).append(" state) {\n")
                        .append("    Probe.record(\"import ").append(version).append(" \" + state);\n")
                        .append("    ").append(importBody).append("\n")
                        .append("  }\n");
            }
            source.append("}\n");
            PluginJar jar = PluginJar.named(id + "-" + version + ".jar")
                    .classpath(Counter.class)
                    .source("plugin.CounterImpl", source.toString())
                    .service(Counter.class, "plugin.CounterImpl");
            for (String[] extra : sources) {
                jar.source(extra[0], extra[1]);
            }
            if (greeter != null) {
                jar.source("plugin.GreeterImpl", greeter).service(Greeter.class, "plugin.GreeterImpl");
            }
            return jar;
        }

        Path writeTo(Path directory) {
            return jar().writeTo(directory);
        }

        Path moveInto(Path directory) {
            return jar().moveInto(directory);
        }
    }

    /** An export that takes its snapshot at once, then takes {@code millis} to return it. */
    private static String slowExport(long millis) {
        return "long snapshot = count.get(); try { Thread.sleep(" + millis + "L); } catch (InterruptedException e) { "
                + "Thread.currentThread().interrupt(); } return snapshot;";
    }

    private static void increment(Counter counter, int times) {
        for (int i = 0; i < times; i++) {
            counter.increment();
        }
    }

    @Test
    void aCounterKeepsItsCountAcrossTenSwapsUnderConcurrentIncrements() throws Exception {
        CounterJar.version("1.0.0").writeTo(plugins);
        Counter counter = start();
        // Half the threads go through the proxy bound to the plugin, which a swap must hold just the same.
        Counter bound = ServiceRegistry.get(Counter.class, "counter");
        List<byte[]> jars = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            jars.add(CounterJar.version("1.0." + i).jar().bytes());
        }

        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong succeeded = new AtomicLong();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Counter through = t % 2 == 0 ? counter : bound;
            Thread thread = new Thread(() -> {
                long last = 0;
                while (!stop.get()) {
                    long now;
                    try {
                        now = through.increment();
                    } catch (Throwable e) {
                        failures.add(e);
                        return;
                    }
                    succeeded.incrementAndGet();
                    if (now <= last) {
                        failures.add(new AssertionError("the count went from " + last + " to " + now
                                + " for one thread: an increment was lost"));
                        return;
                    }
                    last = now;
                }
            }, "incrementer-" + t);
            thread.start();
            threads.add(thread);
        }
        try {
            long before = succeeded.get();
            await().atMost(WAIT).until(() -> succeeded.get() > before + 1_000 || !failures.isEmpty());
            for (int i = 1; i <= 10; i++) {
                String version = "1.0." + i;
                drop("counter-" + version + ".jar", jars.get(i - 1));
                awaitVersion(counter, version);
                long swapped = succeeded.get();
                // Each version takes increments before the next arrives, so that every swap happens under load.
                await().atMost(WAIT).until(() -> succeeded.get() > swapped + 1_000 || !failures.isEmpty());
                assertThat(failures).isEmpty();
            }
        } finally {
            stop.set(true);
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(WAIT.toSeconds()));
            }
        }

        assertThat(failures).isEmpty();
        assertThat(counter.version()).isEqualTo("1.0.10");
        assertThat(counter.count()).isEqualTo(succeeded.get());
        assertThat(bound.count()).isEqualTo(succeeded.get());
        await().atMost(WAIT).until(() -> Probe.recorded().contains("closed counter 1.0.9"));
        for (int i = 1; i <= 10; i++) {
            String from = i == 1 ? "1.0.0" : "1.0." + (i - 1);
            assertThat(events).contains(new ReloadEvent.Swapped(Counter.class, from, "1.0." + i));
            assertThat(Probe.recorded()).containsOnlyOnce("closed counter " + from)
                    .anyMatch(r -> r.startsWith("export " + from + " "));
        }
        assertThat(events).noneMatch(e -> e instanceof ReloadEvent.Rejected);
    }

    @Test
    void theStateIsExportedOnceNoCallIsInsideAndImportedBeforeTheNewVersionServes() throws Exception {
        CounterJar.version("1.0.0").writeTo(plugins);
        Counter counter = start();
        increment(counter, 3);
        Probe.arm();
        CompletableFuture<String> inside = CompletableFuture.supplyAsync(counter::pause);
        assertThat(Probe.awaitHeld()).isTrue();

        CounterJar.version("2.0.0").moveInto(plugins);
        fixture.awaitEvent(new ReloadEvent.Loaded("counter", "2.0.0"));
        // The swap waits for the call inside 1.0.0; nothing is exported under it.
        await().during(Duration.ofMillis(300)).atMost(WAIT)
                .until(() -> Probe.recorded().stream().noneMatch(r -> r.startsWith("export")));
        Probe.release();
        assertThat(inside.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("1.0.0");

        awaitVersion(counter, "2.0.0");
        assertThat(counter.increment()).isEqualTo(4);
        await().atMost(WAIT).until(() -> Probe.recorded().contains("closed counter 1.0.0"));
        assertThat(Probe.recorded()).containsSubsequence("returned 1.0.0", "export 1.0.0 3", "import 2.0.0 3",
                "closed counter 1.0.0").containsOnlyOnce("export 1.0.0 3").containsOnlyOnce("import 2.0.0 3");
    }

    @Test
    void aConfigurationChangeHandsTheStateOverToTheNewInstancesUnderConcurrentIncrements() throws Exception {
        writeConfig("label=a");
        CounterJar.version("1.0.0").writeTo(plugins);
        Counter counter = start();
        assertThat(counter.version()).isEqualTo("1.0.0 label=a");

        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong succeeded = new AtomicLong();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            Thread thread = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        counter.increment();
                    } catch (Throwable e) {
                        failures.add(e);
                        return;
                    }
                    succeeded.incrementAndGet();
                }
            }, "incrementer-" + t);
            thread.start();
            threads.add(thread);
        }
        try {
            for (String label : List.of("b", "c", "d")) {
                long before = succeeded.get();
                await().atMost(WAIT).until(() -> succeeded.get() > before + 1_000 || !failures.isEmpty());
                writeConfig("label=" + label);
                awaitVersion(counter, "1.0.0 label=" + label);
            }
            long last = succeeded.get();
            await().atMost(WAIT).until(() -> succeeded.get() > last + 1_000 || !failures.isEmpty());
        } finally {
            stop.set(true);
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(WAIT.toSeconds()));
            }
        }

        assertThat(failures).isEmpty();
        assertThat(counter.count()).isEqualTo(succeeded.get());
        assertThat(Probe.recorded()).filteredOn(r -> r.startsWith("import 1.0.0 ")).hasSize(3);
        assertThat(events).noneMatch(e -> e instanceof ReloadEvent.Rejected);
    }

    @Test
    void aSnapshotHoldingAPluginObjectIsRefusedAndTheOldVersionKeepsServingWithItsCount() throws Exception {
        CounterJar.version("1.0.0")
                .handover("Object", "return java.util.List.of(count.get(), new Saved(count.get()));",
                        "count.set(0);")
                .source("plugin.Saved", "package plugin; public record Saved(long count) { }")
                .writeTo(plugins);
        Counter counter = start();
        increment(counter, 3);

        Path v2 = CounterJar.version("2.0.0").moveInto(plugins);
        fixture.awaitRejected(v2, "snapshot", "plugin.Saved", "JDK and API types");
        assertThat(counter.version()).isEqualTo("1.0.0");
        assertThat(counter.count()).isEqualTo(3);
        assertThat(counter.increment()).isEqualTo(4);
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> counter.version().equals("1.0.0"));
        assertThat(Probe.recorded()).noneMatch(r -> r.startsWith("import 2.0.0"))
                .doesNotContain("closed counter 1.0.0");
        assertThat(events).doesNotContain(new ReloadEvent.Swapped(Counter.class, "1.0.0", "2.0.0"));
        assertThat(counter.count()).isEqualTo(4);
    }

    @Test
    void anImportThatThrowsIsRefusedAndTheOldVersionKeepsServingWithItsCount() throws Exception {
        CounterJar.version("1.0.0").writeTo(plugins);
        Counter counter = start();
        increment(counter, 3);

        Path v2 = CounterJar.version("2.0.0")
                .handover("Long", "return count.get();",
                        "throw new IllegalStateException(\"2.0.0 cannot take \" + state);")
                .moveInto(plugins);
        fixture.awaitRejected(v2, "importState", "2.0.0 cannot take 3");
        assertThat(counter.version()).isEqualTo("1.0.0");
        assertThat(counter.increment()).isEqualTo(4);
        assertThat(Probe.recorded()).doesNotContain("closed counter 1.0.0");
        assertThat(events).doesNotContain(new ReloadEvent.Swapped(Counter.class, "1.0.0", "2.0.0"));

        // The old version's state is intact: the next good version takes it over.
        CounterJar.version("3.0.0").moveInto(plugins);
        awaitVersion(counter, "3.0.0");
        assertThat(counter.count()).isEqualTo(4);
        assertThat(counter.increment()).isEqualTo(5);
    }

    @Test
    void anExportThatThrowsIsRefusedAndTheOldVersionKeepsServingWithItsCount() throws Exception {
        CounterJar.version("1.0.0")
                .handover("Long", "throw new IllegalStateException(\"1.0.0 cannot export\");", "count.set(state);")
                .writeTo(plugins);
        Counter counter = start();
        increment(counter, 3);

        Path v2 = CounterJar.version("2.0.0").moveInto(plugins);
        fixture.awaitRejected(v2, "exportState", "1.0.0 cannot export");
        assertThat(counter.version()).isEqualTo("1.0.0");
        assertThat(counter.increment()).isEqualTo(4);
        assertThat(Probe.recorded()).noneMatch(r -> r.startsWith("import")).doesNotContain("closed counter 1.0.0");
    }

    @Test
    void aProxyFirstObtainedDuringAHandoverIsHeldLikeTheOthers() throws Exception {
        CounterJar.version("1.0.0").id("tally")
                .handover("Long", slowExport(2_000), "count.set(state);")
                .writeTo(plugins);
        Counter counter = start(fixture.options().withDrainTimeout(Duration.ofSeconds(10)));
        increment(counter, 3);

        CounterJar.version("2.0.0").id("tally").moveInto(plugins);
        await().atMost(WAIT).until(() -> Probe.recorded().contains("export 1.0.0 3"));
        // 1.0.0 has exported its count: an increment it took now would be lost, whichever proxy it came through.
        Counter late = ServiceRegistry.get(Counter.class, "tally");
        long answered = late.increment();
        awaitVersion(counter, "2.0.0");
        assertThat(answered).isEqualTo(4);
        assertThat(counter.count()).isEqualTo(4);
        assertThat(late.count()).isEqualTo(4);
    }

    @Test
    void aCallStuckInTheOldVersionPastTheDrainTimeoutRefusesTheNewVersionAndHeldCallsDoNotHang() throws Exception {
        CounterJar.version("1.0.0").writeTo(plugins);
        Counter counter = start(fixture.options().withDrainTimeout(Duration.ofSeconds(1)));
        increment(counter, 3);
        Probe.arm();
        CompletableFuture<String> stuck = CompletableFuture.supplyAsync(counter::pause);
        assertThat(Probe.awaitHeld()).isTrue();

        Path v2 = CounterJar.version("2.0.0").moveInto(plugins);
        fixture.awaitEvent(new ReloadEvent.Loaded("counter", "2.0.0"));
        // Calls made while the swap waits for the stuck one: each ends, held or not, while it is still stuck.
        List<CompletableFuture<Long>> held = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            held.add(CompletableFuture.supplyAsync(counter::increment));
            Thread.sleep(100); // spread over the hold, on purpose
        }
        long served = 0;
        for (CompletableFuture<Long> call : held) {
            try {
                call.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                served++;
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(ServiceUnavailableException.class)
                        .hasMessageContaining("held").hasMessageContaining("drainTimeout=1000ms");
            }
        }
        assertThat(stuck).isNotDone();

        fixture.awaitRejected(v2, "drainTimeout=1000ms");
        assertThat(counter.version()).isEqualTo("1.0.0");
        assertThat(counter.count()).isEqualTo(3 + served);
        assertThat(counter.increment()).isEqualTo(4 + served);
        assertThat(Probe.recorded()).noneMatch(r -> r.startsWith("export") || r.startsWith("import"));
        assertThat(stuck).isNotDone();

        Probe.release();
        assertThat(stuck.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("1.0.0");
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> counter.version().equals("1.0.0"));
        assertThat(counter.count()).isEqualTo(4 + served);
    }

    @Test
    void aCallFromInsideTheOldVersionToItsOwnHeldServiceFinishesThereAndTheHandoverGoesAhead() throws Exception {
        CounterJar.version("1.0.0").incrementThroughTheRegistryAfterPause().writeTo(plugins);
        Counter counter = start(fixture.options().withDrainTimeout(Duration.ofSeconds(20)));
        increment(counter, 3);
        Probe.arm();
        CompletableFuture<String> outer = CompletableFuture.supplyAsync(counter::pause);
        assertThat(Probe.awaitHeld()).isTrue();

        CounterJar.version("2.0.0").moveInto(plugins);
        // The swap holds the counter's calls while 1.0.0 drains, and 1.0.0 cannot drain before the outer call returns.
        await().atMost(WAIT).until(() -> counter.toString().contains("no active implementation"));
        Probe.release();

        // Well before drainTimeout: the nested call was not held behind the drain it was part of.
        assertThat(outer.get(10, TimeUnit.SECONDS)).isEqualTo("1.0.0");
        awaitVersion(counter, "2.0.0");
        assertThat(Probe.recorded()).containsSubsequence("nested 4", "returned 1.0.0", "export 1.0.0 4",
                "import 2.0.0 4");
        assertThat(counter.count()).isEqualTo(4);
        assertThat(events).noneMatch(e -> e instanceof ReloadEvent.Rejected);
    }

    @Test
    void aCallHeldLongerThanTheDrainTimeoutFailsWithServiceUnavailableInsteadOfHanging() throws Exception {
        CounterJar.version("1.0.0")
                .handover("Long", slowExport(4_000), "count.set(state);")
                .writeTo(plugins);
        Counter counter = start(fixture.options().withDrainTimeout(Duration.ofSeconds(1)));
        increment(counter, 3);

        CounterJar.version("2.0.0").moveInto(plugins);
        await().atMost(WAIT).until(() -> Probe.recorded().contains("export 1.0.0 3"));
        // The old version has drained and is exporting, slower than drainTimeout: this call is held past it.
        CompletableFuture<Long> held = CompletableFuture.supplyAsync(counter::increment);
        assertThat(held).failsWithin(WAIT)
                .withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(ServiceUnavailableException.class)
                .withMessageContaining(Counter.class.getName())
                .withMessageContaining("held while counter hands its state from 1.0.0 to 2.0.0")
                .withMessageContaining("drainTimeout=1000ms");
        assertThat(Probe.recorded()).doesNotContain("import 2.0.0 3");

        // The failed call changed nothing; the swap itself goes on and the count arrives whole.
        awaitVersion(counter, "2.0.0");
        assertThat(counter.count()).isEqualTo(3);
        assertThat(Probe.recorded()).containsSubsequence("export 1.0.0 3", "import 2.0.0 3");
    }

    @Test
    void aSwapWithoutHandoverOnEitherSideDoesNotHoldCalls() throws Exception {
        CounterJar.version("1.0.0").writeTo(plugins);
        Counter counter = start();
        increment(counter, 3);

        // From a version with handover to one without: a new call reaches 2.0.0 while a call is inside 1.0.0.
        Probe.arm();
        CompletableFuture<String> inOne = CompletableFuture.supplyAsync(counter::pause);
        assertThat(Probe.awaitHeld()).isTrue();
        CounterJar.version("2.0.0").withoutHandover().moveInto(plugins);
        awaitVersion(counter, "2.0.0");
        assertThat(counter.count()).isZero();
        assertThat(inOne).isNotDone();
        Probe.release();
        assertThat(inOne.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("1.0.0");
        increment(counter, 2);

        // From a version without handover to one with: the same.
        Probe.arm();
        CompletableFuture<String> inTwo = CompletableFuture.supplyAsync(counter::pause);
        assertThat(Probe.awaitHeld()).isTrue();
        CounterJar.version("3.0.0").moveInto(plugins);
        awaitVersion(counter, "3.0.0");
        assertThat(counter.count()).isZero();
        assertThat(inTwo).isNotDone();
        Probe.release();
        assertThat(inTwo.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("2.0.0");

        assertThat(Probe.recorded()).noneMatch(r -> r.startsWith("export") || r.startsWith("import"));
        assertThat(events).noneMatch(e -> e instanceof ReloadEvent.Rejected);
    }

    @Test
    void aServiceWithoutHandoverIsNotHeldWhileAnotherServiceOfItsPluginHandsOver() throws Exception {
        CounterJar.version("1.0.0")
                .handover("Long", slowExport(4_000), "count.set(state);")
                .withGreeter()
                .writeTo(plugins);
        Counter counter = start(fixture.options().withDrainTimeout(Duration.ofSeconds(1)));
        Greeter greeter = ServiceRegistry.get(Greeter.class, "counter");
        increment(counter, 3);
        assertThat(greeter.greet("x")).isEqualTo("1.0.0:x");

        CounterJar.version("2.0.0").withGreeter().moveInto(plugins);
        await().atMost(WAIT).until(() -> Probe.recorded().contains("export 1.0.0 3"));
        // The counter's calls are held while it exports; the greeter has no state to hand over.
        CompletableFuture<String> greeting = CompletableFuture.supplyAsync(() -> greeter.greet("x"));
        assertThat(greeting.handle((answer, failure) -> failure == null ? answer : failure.toString())
                .get(WAIT.toSeconds(), TimeUnit.SECONDS)).isIn("1.0.0:x", "2.0.0:x");
        awaitVersion(counter, "2.0.0");
        assertThat(counter.count()).isEqualTo(3);
        assertThat(greeter.greet("x")).isEqualTo("2.0.0:x");
    }

    @Test
    void aRefusedHandoverLeavesEveryServiceOnTheOldVersionAndClosesTheNewOneOnlyAfterItsCalls() throws Exception {
        CounterJar.version("1.0.0").handover("Long", slowExport(2_000), "count.set(state);").withGreeter()
                .writeTo(plugins);
        Counter counter = start(fixture.options().withDrainTimeout(Duration.ofSeconds(10)));
        Greeter greeter = ServiceRegistry.get(Greeter.class, "counter");
        increment(counter, 3);

        Path v2 = CounterJar.version("2.0.0")
                .handover("Long", "return count.get();", "throw new IllegalStateException(\"2.0.0 refuses\");")
                .withGreeter().moveInto(plugins);
        await().atMost(WAIT).until(() -> Probe.recorded().contains("export 1.0.0 3"));
        // While the counter exports, the greeter, which has nothing to hand over, may already serve on 2.0.0.
        Probe.arm();
        CompletableFuture<String> inFlight = CompletableFuture.supplyAsync(() -> greeter.greet("hold"));
        assertThat(Probe.awaitHeld()).isTrue();

        fixture.awaitRejected(v2, "2.0.0 refuses");
        assertThat(greeter.greet("x")).isEqualTo("1.0.0:x");
        assertThat(counter.version()).isEqualTo("1.0.0");
        assertThat(counter.increment()).isEqualTo(4);
        // Whichever version took the greeter's call, nothing is closed under it.
        assertThat(inFlight).isNotDone();
        assertThat(Probe.recorded()).doesNotContain("closed greeter 2.0.0", "closed greeter 1.0.0",
                "closed counter 1.0.0");

        Probe.release();
        String answer = inFlight.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(answer).isIn("1.0.0:hold", "2.0.0:hold");
        await().atMost(WAIT).until(() -> Probe.recorded().contains("closed greeter 2.0.0"));
        if (answer.startsWith("2.0.0")) {
            assertThat(Probe.recorded()).containsSubsequence("returned greeter 2.0.0", "closed greeter 2.0.0");
        }
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> greeter.greet("x").equals("1.0.0:x"));
        assertThat(counter.count()).isEqualTo(4);
    }
}

package dev.reload.agent.it;

import dev.reload.testkit.Counter;
import dev.reload.testkit.Greeter;
import dev.reload.testkit.PluginJar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Changes a running JVM takes without a restart and without losing anything: a new version takes over the state of
 * the version it replaces, and a changed configuration file gives the serving version new instances, unless their
 * constructor refuses it.
 */
class LiveChangesIT {

    private static final String COUNTER = Counter.class.getName();

    private static final Pattern STATS = Pattern.compile("stats count=(\\d+) increments=(\\d+) failures=(\\d+)");

    private static final String COUNTER_SOURCE = """
            package plugin;

            import java.util.concurrent.atomic.AtomicLong;

            public class CLASS implements dev.reload.testkit.Counter, dev.reload.api.Handover<Long> {

                private final AtomicLong count = new AtomicLong();

                @Override
                public long increment() {
                    return count.incrementAndGet();
                }

                @Override
                public long count() {
                    return count.get();
                }

                @Override
                public String version() {
                    return "VERSION";
                }

                @Override
                public String pause() {
                    dev.reload.testkit.Probe.hold();
                    return version();
                }

                @Override
                public Long exportState() {
                    return count.get();
                }

                @Override
                public void importState(Long state) {
                    count.set(state);
                }
            }
            """;

    private static final String CONFIGURED_GREETER_SOURCE = """
            package plugin;

            public class CLASS implements dev.reload.testkit.Greeter {

                private final String greeting;

                public CLASS(dev.reload.api.PluginContext context) {
                    String greeting = context.config("greeting", "hello");
                    // The host reads the answer as "<greeting>:<name>"; anything but one word would garble it.
                    if (!greeting.matches("\\\\w+")) {
                        throw new IllegalArgumentException("greeting '" + greeting + "' is not one word");
                    }
                    this.greeting = greeting;
                }

                @Override
                public String greet(String name) {
                    return greeting + ":" + name;
                }
            }
            """;

    @RegisterExtension
    final ChildJvms jvms = new ChildJvms();

    private final Path plugins = jvms.plugins();

    @Test
    void tenVersionsInARowUnderCallersThatNeverPauseEachTakeOverTheCountAndNoIncrementIsLostOrFails() {
        counter("1.0.0").writeTo(plugins);
        ChildJvm host = startCounterHost();
        host.awaitLine("the line 'first call answered 1.0.0'", "first call answered 1.0.0"::equals);
        awaitMoreIncrementsThan(host, 0);

        String previous = "1.0.0";
        for (int i = 1; i <= 10; i++) {
            String version = "1.0." + i;
            counter(version).moveInto(plugins);
            host.awaitLineContaining("event swapped " + COUNTER + " " + previous + " -> " + version);
            host.awaitLineContaining("[reload] counter hands its state from " + previous + " to " + version
                    + " done");
            // The next version arrives only once this one has served increments of its own, so that every
            // handover carries a count that grew under it.
            awaitMoreIncrementsThan(host, stats(host).increments());
            previous = version;
        }

        int mark = host.mark();
        host.send("stop");
        host.awaitLineAfter(mark, "the answer to 'stop'", "callers stopped"::equals);
        CounterStats stats = stats(host);
        assertThat(stats.failures()).as("failed increments: %s",
                host.stdout(l -> l.startsWith("caller-") && l.contains(" failed: "))).isZero();
        assertThat(stats.count()).as("the count kept across ten swaps").isEqualTo(stats.increments());
        assertThat(host.find(l -> l.contains("[reload] rejected "))).isEmpty();
    }

    @Test
    void aChangedConfigurationFileChangesTheAnswerWithoutANewJarAndAValueTheConstructorRefusesIsRejected()
            throws IOException {
        Files.writeString(plugins.resolve("greeter.properties"), "greeting=hello\n", StandardCharsets.UTF_8);
        configuredGreeter("1.0.0").writeTo(plugins);
        Host host = Host.start(jvms, Host.withAgentOn(plugins));
        host.awaitEveryCallerAnsweredBy("hello");

        Path file = writeConfig("greeting=bonjour\n");

        host.awaitEveryCallerAnsweredBy("bonjour");
        host.awaitLineContaining("[reload] greeter 1.0.0: configuration from greeter.properties applied");
        assertThat(host.describeProxy()).endsWith("plugin greeter, version 1.0.0]");

        int beforeRefusal = host.jvm().mark();
        writeConfig("greeting=two words\n");

        String cause = "the constructor of " + configuredGreeterClass("1.0.0")
                + " threw java.lang.IllegalArgumentException: greeting 'two words' is not one word";
        host.awaitLineContaining("[reload] rejected " + file + ": ", cause, "1.0.0 keeps serving");
        host.awaitLineContaining("event rejected " + file + ": ", cause);
        long callsAtRefusal = host.stats().calls();
        await().atMost(ChildJvm.WAIT).until(() -> host.stats().calls() > callsAtRefusal);
        // A caller prints a line only when its answer changes: none since the bad file arrived means every call
        // was still answered with the old greeting.
        assertThat(host.jvm().lines().stream()
                .filter(l -> l.index() > beforeRefusal && l.text().startsWith("caller-")))
                .as("caller reports after the refused configuration").isEmpty();

        writeConfig("greeting=hallo\n");

        host.awaitEveryCallerAnsweredBy("hallo");
        assertThat(host.stats().failures()).as("failed calls: %s", host.failedCalls()).isZero();
    }

    /**
     * @return the Counter plugin {@code counter-<version>.jar}, answering {@link Counter#version()} with its version
     *         and handing its count over to the next version
     */
    private static PluginJar counter(String version) {
        String simpleName = "Counter_" + version.replaceAll("\\W", "_");
        return PluginJar.named("counter-" + version + ".jar")
                .classpath(Counter.class)
                .source("plugin." + simpleName, COUNTER_SOURCE.replace("CLASS", simpleName)
                        .replace("VERSION", version))
                .service(Counter.class, "plugin." + simpleName);
    }

    /** @return the Greeter plugin {@code greeter-<version>.jar}, answering with the greeting its configuration gives */
    private static PluginJar configuredGreeter(String version) {
        String className = configuredGreeterClass(version);
        return PluginJar.named("greeter-" + version + ".jar")
                .classpath(Greeter.class)
                .source(className, CONFIGURED_GREETER_SOURCE.replace("CLASS",
                        className.substring("plugin.".length())))
                .service(Greeter.class, className);
    }

    private static String configuredGreeterClass(String version) {
        return "plugin.ConfiguredGreeter_" + version.replaceAll("\\W", "_");
    }

    /** Replaces {@code greeter.properties} in one step, so that the runtime never reads it half-written. */
    private Path writeConfig(String content) {
        return PluginFiles.moveInto(plugins, "greeter.properties", content.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @return a started {@link CounterHostApp} with the agent watching the plugins directory, launched the way
     *         {@link Host#withAgentOn(Path, String...)} launches the standard host
     */
    private ChildJvm startCounterHost() {
        Path tmp = plugins.resolveSibling(Host.CHILD_TMP);
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChildJvm host = jvms.start(ChildJvm.launch(CounterHostApp.class, String.valueOf(Host.CALLERS))
                .javaagent(Host.agentJar(), "plugins=" + plugins + ",settleTime=50ms")
                .jvmOption("-Djava.io.tmpdir=" + tmp)
                .classpath(Host.codeSource(CounterHostApp.class), Host.codeSource(Counter.class)));
        host.awaitLine("the line 'main started'", "main started"::equals);
        return host;
    }

    private static void awaitMoreIncrementsThan(ChildJvm host, long increments) {
        await().atMost(ChildJvm.WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> stats(host).increments() > increments);
    }

    private static CounterStats stats(ChildJvm host) {
        int mark = host.mark();
        host.send("stats");
        String line = host.awaitLineAfter(mark, "the answer to 'stats'", l -> l.startsWith("stats ")).text();
        Matcher m = STATS.matcher(line);
        if (!m.matches()) {
            throw new AssertionError("the host could not tell its stats: " + line);
        }
        return new CounterStats(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                Long.parseLong(m.group(3)));
    }

    /**
     * @param count      what the plugin's count() answered
     * @param increments increments the callers saw succeed
     * @param failures   increments that failed or answered a count lower than the caller's previous one
     */
    private record CounterStats(long count, long increments, long failures) {
    }
}

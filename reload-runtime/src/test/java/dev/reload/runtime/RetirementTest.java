package dev.reload.runtime;

import dev.reload.api.ReloadEvent;
import dev.reload.api.ReloadListener;
import dev.reload.api.ServiceRegistry;
import dev.reload.testkit.Greeter;
import dev.reload.testkit.Greeters;
import dev.reload.testkit.RuntimeFixture;
import dev.reload.testkit.Probe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What happens to a version after it stops serving: drained, closed, released, unloaded. */
class RetirementTest {

    private static final Duration WAIT = RuntimeFixture.WAIT;

    @RegisterExtension
    final RuntimeFixture fixture = new RuntimeFixture();

    private final Path dir = fixture.root();
    private final Path plugins = fixture.plugins();
    private final List<ReloadEvent> events = fixture.events();

    private Greeter start(Duration drainTimeout) {
        fixture.start(fixture.options().withDrainTimeout(drainTimeout));
        return ServiceRegistry.get(Greeter.class);
    }

    @Test
    void theClassLoaderOfARetiredVersionIsCollected() {
        Greeters.version("1.0.0").writeTo(plugins);
        Greeter greeter = start(Duration.ofSeconds(5));
        for (int i = 0; i < 20_000; i++) {
            greeter.greet("warm");
        }
        Greeters.version("1.1.0").moveInto(plugins);
        await().atMost(WAIT).until(() -> greeter.greet("x").equals("1.1.0:x"));
        await().atMost(WAIT).until(() -> events.contains(new ReloadEvent.Retired("greeter", "1.0.0")));
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            System.gc();
            return events.contains(new ReloadEvent.Unloaded("greeter", "1.0.0"));
        });
    }

    @Test
    void aDrainPastItsTimeoutWarnsWithTheStuckThreadAndClosesOnlyWhenTheCallReturns() throws Exception {
        Greeters.version("1.0.0").writeTo(plugins);
        Greeter greeter = start(Duration.ofMillis(200));
        Probe.arm();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> greeter.greet("hold"),
                    task -> new Thread(task, "slow-caller").start());
            assertThat(Probe.awaitHeld()).isTrue();
            Greeters.version("1.1.0").moveInto(plugins);
            await().atMost(WAIT).until(() -> err.toString(StandardCharsets.UTF_8).contains("drain timeout"));
            String warning = err.toString(StandardCharsets.UTF_8);
            assertThat(warning).contains("greeter 1.0.0").contains("\"slow-caller\"").contains("Probe.hold");
            assertThat(Probe.recorded()).doesNotContain("closed greeter 1.0.0");

            Probe.release();
            assertThat(slow.get(10, TimeUnit.SECONDS)).isEqualTo("1.0.0:hold");
            await().atMost(WAIT).until(() -> Probe.recorded().contains("closed greeter 1.0.0"));
            assertThat(Probe.recorded()).containsSubsequence("returned 1.0.0", "closed greeter 1.0.0");
        } finally {
            System.setErr(original);
        }
    }

    @Test
    void aListenerThatThrowsDisturbsNeitherTheRuntimeNorOtherListeners() {
        ReloadListener failing = e -> {
            throw new IllegalStateException("listener bug");
        };
        ServiceRegistry.addListener(failing);
        try {
            Greeters.version("1.0.0").writeTo(plugins);
            Greeter greeter = start(Duration.ofSeconds(5));
            Greeters.version("1.1.0").moveInto(plugins);
            await().atMost(WAIT).until(() -> greeter.greet("x").equals("1.1.0:x"));
            await().atMost(WAIT).until(() -> events.contains(new ReloadEvent.Retired("greeter", "1.0.0")));
        } finally {
            ServiceRegistry.removeListener(failing);
        }
    }
}

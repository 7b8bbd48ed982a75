package dev.reload.runtime;

import dev.reload.api.ReloadEvent;
import dev.reload.api.ServiceRegistry;
import dev.reload.testkit.Greeter;
import dev.reload.testkit.JdbcGreeters;
import dev.reload.testkit.Probe;
import dev.reload.testkit.RuntimeFixture;
import dev.reload.testkit.WeakLoaders;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A JDBC driver bundled in a plugin serves every version of it, each through its own driver, and no version's driver
 * outlives the version, whether it retired or was refused.
 */
class JdbcDriverTest {

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

    private static void awaitRecorded(String entry) {
        await().atMost(WAIT).until(() -> Probe.recorded().contains(entry));
    }

    private static void awaitCollected(String label) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            System.gc();
            return WeakLoaders.collected(label);
        });
    }

    @Test
    void everyVersionFindsItsOwnDriverThroughDriverManagerAndOnlyTheActiveOnesStaysRegistered() {
        JdbcGreeters.version("db", "1.0.0").writeTo(plugins);
        Greeter greeter = fixture.startGreeter();
        assertThat(greeter.greet("x")).isEqualTo("1.0.0:x");

        JdbcGreeters.version("db", "2.0.0").moveInto(plugins);
        fixture.awaitServing(greeter, "2.0.0");
        JdbcGreeters.version("db", "3.0.0").moveInto(plugins);
        fixture.awaitServing(greeter, "3.0.0");
        fixture.awaitEvent(new ReloadEvent.Retired("db", "1.0.0"));
        fixture.awaitEvent(new ReloadEvent.Retired("db", "2.0.0"));

        assertThat(Probe.recorded()).filteredOn(e -> e.contains("registered driver"))
                .containsExactlyInAnyOrder("registered driver 1.0.0", "registered driver 2.0.0",
                        "registered driver 3.0.0", "deregistered driver 1.0.0", "deregistered driver 2.0.0");
        assertThat(greeter.greet("y")).isEqualTo("3.0.0:y");
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            System.gc();
            return events.contains(new ReloadEvent.Unloaded("db", "1.0.0"))
                    && events.contains(new ReloadEvent.Unloaded("db", "2.0.0"));
        });
    }

    @Test
    void aVersionRefusedAfterItsDriverRegisteredLeavesNoDriverBehindAndUnloads() {
        JdbcGreeters.version("db", "1.0.0").writeTo(plugins);
        Greeter greeter = fixture.startGreeter();

        Path refused = JdbcGreeters.version("db", "2.0.0", "throw new IllegalStateException(\"no database today\");")
                .moveInto(plugins);
        fixture.awaitRejected(refused, "no database today");

        awaitRecorded("deregistered driver 2.0.0");
        assertThat(Probe.recorded()).contains("registered driver 2.0.0").doesNotContain("deregistered driver 1.0.0");
        assertThat(greeter.greet("x")).isEqualTo("1.0.0:x");
        awaitCollected("driver 2.0.0");
    }

    @Test
    void aVersionWhoseLoadFinishesAfterTheTimeLimitIsDiscardedWithItsDriver() throws Exception {
        JdbcGreeters.version("db", "1.0.0").writeTo(plugins);
        fixture.start(fixture.options().withInstantiateTimeout(Duration.ofSeconds(1)));
        Greeter greeter = ServiceRegistry.get(Greeter.class);
        Probe.arm();

        Path late = JdbcGreeters.version("db", "2.0.0", "dev.reload.testkit.Probe.hold();").moveInto(plugins);
        assertThat(Probe.awaitHeld()).isTrue();
        fixture.awaitRejected(late, "instantiateTimeout");
        Probe.release();

        awaitRecorded("deregistered driver 2.0.0");
        assertThat(greeter.greet("x")).isEqualTo("1.0.0:x");
        awaitCollected("driver 2.0.0");
    }
}

package dev.reload.runtime;

import dev.reload.api.ReloadEvent;
import dev.reload.api.ServiceRegistry;
import dev.reload.testkit.Greeter;
import dev.reload.testkit.Greeters;
import dev.reload.testkit.RuntimeFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A retired version whose loader stays reachable is reported with what holds it; a clean one never is. */
class LeakTest {

    private static final Duration WAIT = RuntimeFixture.WAIT;

    @RegisterExtension
    final RuntimeFixture fixture = new RuntimeFixture();

    private final Path dir = fixture.root();
    private final Path plugins = fixture.plugins();
    private final List<ReloadEvent> events = fixture.events();

    private Greeter start() {
        fixture.start(fixture.options().withLeakCheckAfter(Duration.ofSeconds(1)).withLeakCheckGc(true));
        return ServiceRegistry.get(Greeter.class);
    }

    private ReloadEvent.LeakSuspected awaitLeak(String pluginId, String version) {
        await().atMost(WAIT).until(() -> leak(pluginId, version) != null);
        return leak(pluginId, version);
    }

    private ReloadEvent.LeakSuspected leak(String pluginId, String version) {
        return events.stream().filter(e -> e instanceof ReloadEvent.LeakSuspected)
                .map(e -> (ReloadEvent.LeakSuspected) e)
                .filter(e -> e.pluginId().equals(pluginId) && e.version().equals(version))
                .findFirst().orElse(null);
    }

    @Test
    void aThreadThePluginStartedAndNeverStoppedIsReportedByName() {
        Greeters.version("leaky", "1.0.0", "  static { Thread t = new Thread(() -> {"
                + " while (true) { try { Thread.sleep(60_000); } catch (InterruptedException e) { return; } } },"
                + " \"leaky-poller\"); t.setDaemon(true); t.start(); }").writeTo(plugins);
        start();
        Greeters.version("leaky", "1.1.0", "").moveInto(plugins);
        ReloadEvent.LeakSuspected leak = awaitLeak("leaky", "1.0.0");
        assertThat(String.join("\n", leak.causes())).contains("leaky-poller");
        Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("leaky-poller"))
                .forEach(Thread::interrupt);
    }

    @Test
    void aJdbcDriverThePluginRegisteredIsDeregisteredAtRetirementSoTheVersionUnloads() {
        Greeters.version("jdbc", "1.0.0", "  static { try { java.sql.DriverManager.registerDriver(new Driver()); }"
                + " catch (java.sql.SQLException e) { throw new IllegalStateException(e); } }\n"
                + "  public static class Driver implements java.sql.Driver {\n"
                + "    public java.sql.Connection connect(String u, java.util.Properties p) { return null; }\n"
                + "    public boolean acceptsURL(String u) { return false; }\n"
                + "    public java.sql.DriverPropertyInfo[] getPropertyInfo(String u, java.util.Properties p) {"
                + " return new java.sql.DriverPropertyInfo[0]; }\n"
                + "    public int getMajorVersion() { return 1; }\n"
                + "    public int getMinorVersion() { return 0; }\n"
                + "    public boolean jdbcCompliant() { return false; }\n"
                + "    public java.util.logging.Logger getParentLogger() { return null; }\n"
                + "  }").writeTo(plugins);
        start();
        Greeters.version("jdbc", "1.1.0", "").moveInto(plugins);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            System.gc();
            return events.contains(new ReloadEvent.Unloaded("jdbc", "1.0.0"));
        });
        assertThat(leak("jdbc", "1.0.0")).isNull();
    }

    @Test
    void aRefusedVersionWhoseLoaderStaysReachableIsReportedToo() {
        Greeters.version("leaky", "1.0.0", "  static { Thread t = new Thread(() -> {"
                + " while (true) { try { Thread.sleep(60_000); } catch (InterruptedException e) { return; } } },"
                + " \"refused-poller\"); t.setDaemon(true); t.start(); }\n"
                + "  public Greeter_leaky_1_0_0() { throw new IllegalStateException(\"refused on purpose\"); }")
                .writeTo(plugins);
        start();
        ReloadEvent.LeakSuspected leak = awaitLeak("leaky", "1.0.0");
        assertThat(String.join("\n", leak.causes())).contains("refused-poller");
        Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("refused-poller"))
                .forEach(Thread::interrupt);
    }

    @Test
    void aWellBehavedPluginIsNeverReportedAndUnloads() throws Exception {
        Greeters.version("clean", "1.0.0", "").writeTo(plugins);
        Greeter greeter = start();
        ServiceRegistry.get(Greeter.class, "clean").greet("x");
        Greeters.version("clean", "1.1.0", "").moveInto(plugins);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            System.gc();
            return events.contains(new ReloadEvent.Unloaded("clean", "1.0.0"));
        });
        Thread.sleep(1_500); // past leakCheckAfter: a report would have come by now
        assertThat(leak("clean", "1.0.0")).isNull();
        assertThat(greeter).isNotNull();
    }
}

package dev.reload.runtime;

import dev.reload.api.ReloadEvent;
import dev.reload.api.ServiceRegistry;
import dev.reload.runtime.manage.Json;
import dev.reload.runtime.manage.ManagementNames;
import dev.reload.runtime.manage.PluginMXBean;
import dev.reload.runtime.manage.RegistryMXBean;
import dev.reload.runtime.manage.StatusReport;
import dev.reload.testkit.Greeter;
import dev.reload.testkit.Greeters;
import dev.reload.testkit.PluginJar;
import dev.reload.testkit.Probe;
import dev.reload.testkit.RuntimeFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The runtime as operators see it: the MBeans' figures, and pin, unpin, rollback and reload. */
class ManagementTest {

    @RegisterExtension
    final RuntimeFixture fixture = new RuntimeFixture();

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    /** The beans are registered in the background, so that creating the MBean server does not delay start-up. */
    private ObjectName registered(String name) throws MalformedObjectNameException {
        ObjectName objectName = new ObjectName(name);
        await().atMost(RuntimeFixture.WAIT).until(() -> server.isRegistered(objectName));
        return objectName;
    }

    private PluginMXBean plugin(String id) throws MalformedObjectNameException {
        return JMX.newMXBeanProxy(server, registered("dev.reload:type=Plugin,name=" + id), PluginMXBean.class);
    }

    private RegistryMXBean registry() throws MalformedObjectNameException {
        return JMX.newMXBeanProxy(server, registered("dev.reload:type=Registry"), RegistryMXBean.class);
    }

    private Path drop(PluginJar jar) throws Exception {
        return jar.moveInto(fixture.plugins());
    }

    private static Throwable root(Throwable e) {
        while (e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    @Test
    void theStatusReportReadsTheRegistryAndEveryPluginBean() throws Exception {
        drop(Greeters.version("1.0.0"));
        fixture.startGreeter().greet("x");
        registered("dev.reload:type=Plugin,name=greeter");
        registered("dev.reload:type=Registry");

        StatusReport report = StatusReport.read(42, server);

        assertThat(report.pid()).isEqualTo(42);
        assertThat(report.pluginsDirectory()).isEqualTo(fixture.plugins().toAbsolutePath().normalize().toString());
        assertThat(report.plugins()).singleElement().satisfies(greeter -> {
            assertThat(greeter.id()).isEqualTo("greeter");
            assertThat(greeter.activeVersion()).isEqualTo("1.0.0");
            assertThat(greeter.calls()).isEqualTo(1);
            assertThat(greeter.versions()).containsExactly("1.0.0");
        });
        assertThat(Json.status(report)).startsWith("{\"pid\":42,\"pluginsDirectory\":")
                .contains("{\"id\":\"greeter\",\"activeVersion\":\"1.0.0\",\"pinnedVersion\":null,");
    }

    @Test
    void pluginBeanNamesQuoteOnlyIdsWithReservedCharacters() {
        assertThat(ManagementNames.plugin("order-service").toString())
                .isEqualTo("dev.reload:type=Plugin,name=order-service");
        assertThat(ManagementNames.plugin("a,b").toString()).isEqualTo("dev.reload:type=Plugin,name=\"a,b\"");
        assertThat(ManagementNames.pluginId(ManagementNames.plugin("a,b"))).isEqualTo("a,b");
        assertThat(ManagementNames.pluginId(ManagementNames.plugin("greeter"))).isEqualTo("greeter");
        assertThat(ManagementNames.PLUGINS.apply(ManagementNames.plugin("greeter"))).isTrue();
    }

    @Test
    void thePluginBeanShowsVersionsCallsAndState() throws Exception {
        drop(Greeters.version("1.0.0"));
        Greeter greeter = fixture.startGreeter();
        PluginMXBean bean = plugin("greeter");
        assertThat(bean.getActiveVersion()).isEqualTo("1.0.0");
        assertThat(bean.getState()).isEqualTo("ACTIVE");
        assertThat(bean.getPinnedVersion()).isNull();
        assertThat(bean.getSwaps()).isZero();

        long before = bean.getCalls();
        for (int i = 0; i < 10; i++) {
            greeter.greet("x");
        }
        assertThat(bean.getCalls() - before).isEqualTo(10);
        assertThat(bean.getInFlight()).isZero();

        Probe.arm();
        CompletableFuture<String> held = CompletableFuture.supplyAsync(() -> greeter.greet("hold"));
        assertThat(Probe.awaitHeld()).isTrue();
        assertThat(bean.getInFlight()).isEqualTo(1);
        drop(Greeters.version("2.0.0"));
        fixture.awaitServing(greeter, "2.0.0");
        assertThat(bean.getActiveVersion()).isEqualTo("2.0.0");
        assertThat(bean.getVersions()).containsExactly("2.0.0", "1.0.0");
        assertThat(bean.getSwaps()).isEqualTo(1);
        assertThat(bean.getRetiring()).isEqualTo(Map.of("1.0.0", 1L));
        assertThat(bean.getInFlight()).isEqualTo(1);

        Probe.release();
        assertThat(held.get()).isEqualTo("1.0.0:hold");
        await().atMost(RuntimeFixture.WAIT).until(() -> bean.getRetiring().isEmpty());
        long calls = bean.getCalls();
        greeter.greet("x");
        // Calls of a retired version still count.
        assertThat(bean.getCalls()).isEqualTo(calls + 1);

        assertThat(bean.getRejects()).isZero();
        Path bad = Files.write(fixture.root().resolve("greeter-3.0.0.jar"), "not a jar".getBytes(StandardCharsets.UTF_8));
        Files.move(bad, fixture.plugins().resolve(bad.getFileName()));
        fixture.awaitRejected(fixture.plugins().resolve("greeter-3.0.0.jar"), "not a valid jar");
        await().atMost(RuntimeFixture.WAIT).until(() -> bean.getRejects() == 1);
        assertThat(bean.getLastRejection()).contains("greeter-3.0.0.jar", "not a valid jar");
    }

    @Test
    void thePluginBeanListsTheFilesRefusedNowUntilTheyAreFixedOrGone() throws Exception {
        drop(Greeters.version("1.0.0"));
        Greeter greeter = fixture.startGreeter();
        PluginMXBean bean = plugin("greeter");
        assertThat(bean.getRefused()).isEmpty();

        Path bad = Files.write(fixture.root().resolve("greeter-3.0.0.jar"), "not a jar".getBytes(StandardCharsets.UTF_8));
        Path refused = Files.move(bad, fixture.plugins().resolve(bad.getFileName()));
        fixture.awaitRejected(refused, "not a valid jar");
        await().atMost(RuntimeFixture.WAIT).untilAsserted(() -> assertThat(bean.getRefused())
                .singleElement().asString().startsWith("greeter-3.0.0.jar: not a valid jar"));

        // Fixed in place: it loads, and is no longer refused.
        drop(Greeters.version("3.0.0"));
        fixture.awaitServing(greeter, "3.0.0");
        assertThat(bean.getRefused()).isEmpty();

        Path again = Files.write(fixture.root().resolve("greeter-4.0.0.jar"), "not a jar".getBytes(StandardCharsets.UTF_8));
        Path gone = Files.move(again, fixture.plugins().resolve(again.getFileName()));
        await().atMost(RuntimeFixture.WAIT).until(() -> bean.getRefused().length == 1);
        Files.delete(gone);
        await().atMost(RuntimeFixture.WAIT).until(() -> bean.getRefused().length == 0);
        assertThat(greeter.greet("x")).isEqualTo("3.0.0:x");
    }

    @Test
    void theRegistryBeanShowsTheDirectoryThePluginsAndTheOptions() throws Exception {
        drop(Greeters.version("1.0.0"));
        drop(Greeters.version("other", "1.0.0", ""));
        fixture.startGreeter();
        RegistryMXBean registry = registry();
        assertThat(registry.getPluginsDirectory()).isEqualTo(fixture.plugins().toAbsolutePath().toString());
        assertThat(registry.getPlugins()).containsExactly("greeter", "other");
        assertThat(registry.getOptions()).containsEntry("drainTimeout", "5000ms").containsEntry("watch", "true")
                .doesNotContainKey("trustStorePassword");
    }

    @Test
    void pinKeepsAVersionWhateverArrivesUntilUnpin() throws Exception {
        drop(Greeters.version("1.0.0"));
        drop(Greeters.version("2.0.0"));
        Greeter greeter = fixture.startGreeter();
        PluginMXBean bean = plugin("greeter");
        assertThat(greeter.greet("x")).isEqualTo("2.0.0:x");

        assertThat(bean.pin("1.0.0")).isEqualTo("pinned greeter to 1.0.0; swapped 2.0.0 -> 1.0.0");
        // The operation returns once the pinned version serves.
        assertThat(greeter.greet("x")).isEqualTo("1.0.0:x");
        assertThat(bean.getState()).isEqualTo("PINNED");
        assertThat(bean.getPinnedVersion()).isEqualTo("1.0.0");
        assertThat(Files.readString(fixture.plugins().resolve(".reload-pins"))).contains("greeter=1.0.0");

        drop(Greeters.version("3.0.0"));
        assertThat(bean.reload()).contains("greeter: 1.0.0 active, unchanged");
        assertThat(bean.getVersions()).containsExactly("3.0.0", "2.0.0", "1.0.0");
        assertThat(greeter.greet("x")).isEqualTo("1.0.0:x");

        assertThat(bean.unpin()).isEqualTo("unpinned greeter (was pinned to 1.0.0); swapped 1.0.0 -> 3.0.0");
        assertThat(greeter.greet("x")).isEqualTo("3.0.0:x");
        assertThat(bean.getPinnedVersion()).isNull();
        assertThat(Files.readString(fixture.plugins().resolve(".reload-pins"))).doesNotContain("greeter");
        assertThat(fixture.events()).noneMatch(e -> e instanceof ReloadEvent.Rejected);
    }

    @Test
    void pinRefusesAVersionThatIsNotThereOrDoesNotLoad() throws Exception {
        drop(Greeters.version("1.0.0"));
        drop(Greeters.version("2.0.0"));
        drop(Greeters.version("greeter", "1.5.0", "public " + "Greeter_greeter_1_5_0() { throw new "
                + "IllegalStateException(\"no database\"); }"));
        Greeter greeter = fixture.startGreeter();
        PluginMXBean bean = plugin("greeter");

        assertThatThrownBy(() -> bean.pin("9.9.9")).satisfies(e -> assertThat(root(e))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no usable jar of greeter 9.9.9")
                .hasMessageContaining("versions present: 2.0.0, 1.5.0, 1.0.0"));
        assertThatThrownBy(() -> bean.pin("1.5.0")).satisfies(e -> assertThat(root(e))
                .hasMessageContaining("cannot pin greeter to 1.5.0")
                .hasMessageContaining("no database")
                .hasMessageContaining("2.0.0 keeps serving"));
        assertThatThrownBy(bean::unpin).satisfies(e -> assertThat(root(e)).hasMessageContaining("not pinned"));
        assertThat(bean.getPinnedVersion()).isNull();
        assertThat(greeter.greet("x")).isEqualTo("2.0.0:x");
        assertThat(fixture.plugins().resolve(".reload-pins")).satisfiesAnyOf(
                p -> assertThat(p).doesNotExist(),
                p -> assertThat(Files.readString(p)).doesNotContain("greeter="));
    }

    @Test
    void aPinThatFailsLeavesWhatServedUntouched() throws Exception {
        drop(Greeters.version("1.0.0"));
        drop(Greeters.version("greeter", "2.0.0", "public " + "Greeter_greeter_2_0_0() { throw new "
                + "IllegalStateException(\"no database\"); }"));
        drop(Greeters.version("3.0.0"));
        Greeter greeter = fixture.startGreeter();
        PluginMXBean bean = plugin("greeter");
        bean.pin("1.0.0");
        fixture.awaitEvent(new ReloadEvent.Retired("greeter", "3.0.0"));
        int eventsBefore = fixture.events().size();
        int recordedBefore = Probe.recorded().size();

        assertThatThrownBy(() -> bean.pin("2.0.0")).satisfies(e -> assertThat(root(e))
                .hasMessageContaining("cannot pin greeter to 2.0.0")
                .hasMessageContaining("no database")
                .hasMessageContaining("1.0.0 keeps serving"));
        // Neither the highest version nor fresh instances of the pinned one stood in meanwhile.
        assertThat(fixture.events().subList(eventsBefore, fixture.events().size()))
                .noneMatch(e -> e instanceof ReloadEvent.Swapped || e instanceof ReloadEvent.Retired);
        assertThat(Probe.recorded().subList(recordedBefore, Probe.recorded().size()))
                .doesNotContain("closed greeter 1.0.0");
        assertThat(greeter.greet("x")).isEqualTo("1.0.0:x");
        assertThat(bean.getPinnedVersion()).isEqualTo("1.0.0");
    }

    @Test
    void aPinsFileLineThatIsNotAVersionIsIgnored() throws Exception {
        drop(Greeters.version("1.0.0"));
        drop(Greeters.version("2.0.0"));
        drop(Greeters.version("other", "1.0.0", ""));
        Files.writeString(fixture.plugins().resolve(".reload-pins"), "greeter=\nother=1.0.0\n");
        Greeter greeter = fixture.startGreeter();
        assertThat(greeter.greet("x")).isEqualTo("2.0.0:x");
        assertThat(plugin("greeter").getPinnedVersion()).isNull();
        assertThat(plugin("other").getPinnedVersion()).isEqualTo("1.0.0");
    }

    @Test
    void aPinSurvivesARestart() throws Exception {
        drop(Greeters.version("1.0.0"));
        drop(Greeters.version("2.0.0"));
        fixture.startGreeter();
        plugin("greeter").pin("1.0.0");
        fixture.runtime().close();

        fixture.start(fixture.options());
        Greeter greeter = ServiceRegistry.get(Greeter.class);
        assertThat(greeter.greet("x")).isEqualTo("1.0.0:x");
        assertThat(plugin("greeter").getPinnedVersion()).isEqualTo("1.0.0");
        assertThat(plugin("greeter").getState()).isEqualTo("PINNED");
    }

    @Test
    void rollbackGoesToThePreviousActiveVersionAndPinsIt() throws Exception {
        drop(Greeters.version("1.0.0"));
        Greeter greeter = fixture.startGreeter();
        PluginMXBean bean = plugin("greeter");
        assertThatThrownBy(bean::rollback).satisfies(e -> assertThat(root(e))
                .hasMessageContaining("no version of greeter that was active before 1.0.0"));

        drop(Greeters.version("2.0.0"));
        fixture.awaitServing(greeter, "2.0.0");
        assertThat(bean.rollback()).isEqualTo("rolled greeter back from 2.0.0 to 1.0.0; pinned to 1.0.0 until unpin");
        assertThat(greeter.greet("x")).isEqualTo("1.0.0:x");
        assertThat(bean.getPinnedVersion()).isEqualTo("1.0.0");

        // Pinned: a higher version arriving does not undo the roll back.
        drop(Greeters.version("3.0.0"));
        bean.reload();
        assertThat(greeter.greet("x")).isEqualTo("1.0.0:x");
        assertThatThrownBy(bean::rollback).satisfies(e -> assertThat(root(e))
                .hasMessageContaining("no version of greeter that was active before 1.0.0"));

        assertThat(bean.unpin()).endsWith("swapped 1.0.0 -> 3.0.0");
        assertThat(greeter.greet("x")).isEqualTo("3.0.0:x");
    }

    @Test
    void rollbackSkipsVersionsWhoseJarsAreGone() throws Exception {
        drop(Greeters.version("1.0.0"));
        Greeter greeter = fixture.startGreeter();
        PluginMXBean bean = plugin("greeter");
        drop(Greeters.version("2.0.0"));
        fixture.awaitServing(greeter, "2.0.0");
        drop(Greeters.version("3.0.0"));
        fixture.awaitServing(greeter, "3.0.0");
        Files.delete(fixture.plugins().resolve("greeter-2.0.0.jar"));

        assertThat(bean.rollback()).startsWith("rolled greeter back from 3.0.0 to 1.0.0");
        Files.delete(fixture.plugins().resolve("greeter-1.0.0.jar"));
        bean.reload();
        // The pinned jar went away: the highest present serves, and the pin waits for its jar.
        assertThat(greeter.greet("x")).isEqualTo("3.0.0:x");
        assertThat(bean.getPinnedVersion()).isEqualTo("1.0.0");
        assertThatThrownBy(bean::rollback).satisfies(e -> assertThat(root(e))
                .hasMessageContaining("is still in"));
    }

    @Test
    void reloadPicksUpChangesWhenFileEventsAreOff() throws Exception {
        drop(Greeters.version("1.0.0"));
        fixture.start(fixture.options().withWatch(false));
        Greeter greeter = ServiceRegistry.get(Greeter.class);
        drop(Greeters.version("2.0.0"));
        assertThat(greeter.greet("x")).isEqualTo("1.0.0:x");

        assertThat(registry().rescan()).isEqualTo("greeter: 2.0.0 active (was 1.0.0)");
        assertThat(greeter.greet("x")).isEqualTo("2.0.0:x");
        assertThat(registry().rescan()).isEqualTo("greeter: 2.0.0 active, unchanged");
    }

    @Test
    void theBeansGoAwayWithTheRuntime() throws Exception {
        drop(Greeters.version("1.0.0"));
        fixture.startGreeter();
        registered("dev.reload:type=Plugin,name=greeter");
        fixture.runtime().close();
        assertThat(server.queryNames(new ObjectName("dev.reload:*"), null)).isEmpty();
    }

    /**
     * Two runtimes can share a JVM when each has its own copy of the classes (an application server's deployments,
     * say); the newer one takes over the names the older one left.
     */
    @Test
    void closingARuntimeLeavesTheBeansANewerRuntimePutUnderTheSameNames() throws Exception {
        drop(Greeters.version("1.0.0"));
        fixture.startGreeter();
        ObjectName registry = registered("dev.reload:type=Registry");
        ObjectName plugin = registered("dev.reload:type=Plugin,name=greeter");
        try {
            for (ObjectName name : new ObjectName[] {registry, plugin}) {
                server.unregisterMBean(name);
                server.registerMBean(new StandardMBean(new Owner("the newer runtime"), OwnerMXBean.class, true), name);
            }

            fixture.runtime().close();

            assertThat(server.getAttribute(registry, "Owner")).isEqualTo("the newer runtime");
            assertThat(server.getAttribute(plugin, "Owner")).isEqualTo("the newer runtime");
        } finally {
            for (ObjectName name : server.queryNames(new ObjectName("dev.reload:*"), null)) {
                server.unregisterMBean(name);
            }
        }
    }

    /** Stands for the beans of another runtime: all that matters is whose they are. */
    public interface OwnerMXBean {
        String getOwner();
    }

    private record Owner(String getOwner) implements OwnerMXBean {
    }
}

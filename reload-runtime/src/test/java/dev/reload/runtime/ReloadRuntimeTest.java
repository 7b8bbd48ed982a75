package dev.reload.runtime;

import dev.reload.api.ReloadEvent;
import dev.reload.api.ServiceRegistry;
import dev.reload.api.ServiceUnavailableException;
import dev.reload.testkit.Greeter;
import dev.reload.testkit.Greeters;
import dev.reload.testkit.PluginJar;
import dev.reload.testkit.Probe;
import dev.reload.testkit.RuntimeFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The engine end to end, embedded: real jars in a real directory, observed through the proxy and the events. */
class ReloadRuntimeTest {

    private static final Duration WAIT = RuntimeFixture.WAIT;

    @RegisterExtension
    final RuntimeFixture fixture = new RuntimeFixture();

    private final Path plugins = fixture.plugins();
    private final Path dir = fixture.root();
    private ReloadRuntime runtime;
    private final List<ReloadEvent> events = fixture.events();

    private Greeter start() {
        Greeter greeter = fixture.startGreeter();
        runtime = fixture.runtime();
        return greeter;
    }

    private void awaitServing(Greeter greeter, String version) {
        fixture.awaitServing(greeter, version);
    }

    private void awaitEvent(ReloadEvent event) {
        fixture.awaitEvent(event);
    }

    private void awaitRejected(Path file, String cause) {
        fixture.awaitRejected(file, cause);
    }

    @Test
    void jarsPresentAtStartServeTheFirstCall() {
        Greeters.version("1.0.0").writeTo(plugins);
        Greeter greeter = start();
        assertThat(greeter.greet("a")).isEqualTo("1.0.0:a");
        assertThat(greeter).hasToString("ReloadProxy[" + Greeter.class.getName() + ", plugin greeter, version 1.0.0]");
    }

    @Test
    void aHigherVersionDroppedInServesLaterCallsAndTheOldOneIsRetired() {
        Greeter greeter = start();
        assertThatThrownBy(() -> greeter.greet("x")).isInstanceOf(ServiceUnavailableException.class)
                .hasMessageContaining(Greeter.class.getName()).hasMessageContaining(plugins.toString());
        Greeters.version("1.0.0").moveInto(plugins);
        awaitServing(greeter, "1.0.0");
        Greeters.version("1.1.0").moveInto(plugins);
        awaitServing(greeter, "1.1.0");
        awaitEvent(new ReloadEvent.Retired("greeter", "1.0.0"));
        assertThat(events).contains(new ReloadEvent.Loaded("greeter", "1.1.0"),
                new ReloadEvent.Swapped(Greeter.class, "1.0.0", "1.1.0"));
        assertThat(Probe.recorded()).contains("closed greeter 1.0.0");
    }

    @Test
    void aCallInFlightFinishesOnItsVersionAndCloseWaitsForIt() throws Exception {
        Greeters.version("1.0.0").writeTo(plugins);
        Greeter greeter = start();
        Probe.arm();
        CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> greeter.greet("hold"));
        assertThat(Probe.awaitHeld()).isTrue();

        Greeters.version("1.1.0").moveInto(plugins);
        awaitServing(greeter, "1.1.0");
        assertThat(Probe.recorded()).doesNotContain("closed greeter 1.0.0");
        assertThat(events).doesNotContain(new ReloadEvent.Retired("greeter", "1.0.0"));

        Probe.release();
        assertThat(slow.get(10, TimeUnit.SECONDS)).isEqualTo("1.0.0:hold");
        awaitEvent(new ReloadEvent.Retired("greeter", "1.0.0"));
        assertThat(Probe.recorded()).containsSubsequence("returned 1.0.0", "closed greeter 1.0.0");
        assertThat(Probe.recorded()).containsOnlyOnce("closed greeter 1.0.0");
    }

    @Test
    void aLowerVersionArrivingChangesNothing() {
        Greeters.version("2.0.0").writeTo(plugins);
        Greeter greeter = start();
        Greeters.version("1.9.0").moveInto(plugins);
        Greeters.version("2.0.0-rc1").moveInto(plugins);
        runtime.rescan();
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> greeter.greet("x").equals("2.0.0:x"));
        assertThat(events).containsOnlyOnce(new ReloadEvent.Loaded("greeter", "2.0.0"))
                .noneMatch(e -> e instanceof ReloadEvent.Loaded && !e.equals(new ReloadEvent.Loaded("greeter", "2.0.0")));
    }

    @Test
    void deletingTheActiveJarRollsBackAndDeletingEveryJarMakesTheServiceUnavailable() throws Exception {
        Path v1 = Greeters.version("1.0.0").writeTo(plugins);
        Path v2 = Greeters.version("1.10.0").writeTo(plugins);
        Greeters.version("1.9.0").writeTo(plugins);
        Greeter greeter = start();
        assertThat(greeter.greet("x")).isEqualTo("1.10.0:x");

        Files.delete(v2);
        awaitServing(greeter, "1.9.0");
        Files.delete(plugins.resolve("greeter-1.9.0.jar"));
        awaitServing(greeter, "1.0.0");
        Files.delete(v1);
        await().atMost(WAIT).untilAsserted(() -> assertThatThrownBy(() -> greeter.greet("x"))
                .isInstanceOf(ServiceUnavailableException.class));
        awaitEvent(new ReloadEvent.Swapped(Greeter.class, "1.0.0", null));

        Greeters.version("1.0.1").moveInto(plugins);
        awaitServing(greeter, "1.0.1");
    }

    @Test
    void replacingAJarUnderTheSameNameReloadsIt() {
        Greeters.version("greeter", "1.0.0", "").writeTo(plugins);
        Greeter greeter = start();
        PluginJar patched = PluginJar.named("greeter-1.0.0.jar").classpath(Greeter.class)
                .source("patched.Impl", "package patched; public class Impl implements dev.reload.testkit.Greeter {"
                        + " public String greet(String n) { return \"patched:\" + n; } }")
                .service(Greeter.class, "patched.Impl");
        patched.moveInto(plugins);
        await().atMost(WAIT).until(() -> greeter.greet("x").equals("patched:x"));
        awaitEvent(new ReloadEvent.Retired("greeter", "1.0.0"));
    }

    @Test
    void aBadJarIsRejectedWithItsCauseAndTheActiveVersionKeepsServing() throws Exception {
        Greeters.version("1.0.0").writeTo(plugins);
        Greeter greeter = start();

        Path notAZip = plugins.resolve("greeter-2.0.0.jar");
        Files.writeString(plugins.resolve(".tmp"), "this is not a zip");
        Files.move(plugins.resolve(".tmp"), notAZip);
        awaitRejected(notAZip, "not a valid jar");

        Path throwing = PluginJar.named("greeter-3.0.0.jar").classpath(Greeter.class)
                .source("bad.Impl", "package bad; public class Impl implements dev.reload.testkit.Greeter {"
                        + " public Impl() { throw new IllegalStateException(\"no database\"); }"
                        + " public String greet(String n) { return n; } }")
                .service(Greeter.class, "bad.Impl").moveInto(plugins);
        awaitRejected(throwing, "no database");

        Path missing = PluginJar.named("greeter-4.0.0.jar").service(Greeter.class, "gone.Impl").moveInto(plugins);
        awaitRejected(missing, "gone.Impl");

        Path notImplementing = PluginJar.named("greeter-5.0.0.jar")
                .source("odd.Impl", "package odd; public class Impl { }")
                .service(Greeter.class, "odd.Impl").moveInto(plugins);
        awaitRejected(notImplementing, "odd.Impl");
        assertThat(events).anyMatch(e -> e instanceof ReloadEvent.Rejected
                && ((ReloadEvent.Rejected) e).reason().contains("does not implement")
                && !((ReloadEvent.Rejected) e).reason().contains("verifyLinkage"));

        byte[] good = Greeters.version("6.0.0").bytes();
        Path truncated = plugins.resolve("greeter-6.0.0.jar");
        Files.write(plugins.resolve(".tmp"), Arrays.copyOf(good, good.length / 2));
        Files.move(plugins.resolve(".tmp"), truncated);
        awaitRejected(truncated, "not a valid jar");
        assertThat(greeter.greet("x")).isEqualTo("1.0.0:x");

        Files.write(plugins.resolve(".tmp"), good);
        Files.move(plugins.resolve(".tmp"), truncated, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        awaitServing(greeter, "6.0.0");
    }


    @Test
    void aJarStillBeingWrittenIsNotLoadedUntilItIsComplete() throws Exception {
        Greeters.version("1.0.0").writeTo(plugins);
        Greeter greeter = start();
        byte[] jar = Greeters.version("1.1.0").bytes();
        Path target = plugins.resolve("greeter-1.1.0.jar");
        try (OutputStream out = Files.newOutputStream(target)) {
            for (int i = 0; i < jar.length; i += 64) {
                out.write(jar, i, Math.min(64, jar.length - i));
                out.flush();
                Thread.sleep(10); // a slow copy, paced on purpose
                assertThat(greeter.greet("x")).isEqualTo("1.0.0:x");
            }
        }
        awaitServing(greeter, "1.1.0");
        assertThat(events).noneMatch(e -> e instanceof ReloadEvent.Rejected);
    }

    @Test
    void annotatedImplementationsAreFoundWithoutAServiceFile() {
        PluginJar.named("annotated-1.0.0.jar").classpath(Greeter.class)
                .source("ann.Impl", "package ann; @dev.reload.api.Service"
                        + " public class Impl implements dev.reload.testkit.Greeter, java.io.Serializable {"
                        + " public String greet(String n) { return \"annotated:\" + n; } }")
                .writeTo(plugins);
        Greeter greeter = start();
        assertThat(greeter.greet("x")).isEqualTo("annotated:x");
    }

    @Test
    void severalPluginsOfOneInterfaceServeTheFirstIdByDefaultAndEachByName() {
        Greeters.version("zeta", "1.0.0", "").writeTo(plugins);
        Greeters.version("alpha", "3.0.0", "").writeTo(plugins);
        Greeter byDefault = start();
        assertThat(byDefault.greet("x")).isEqualTo("3.0.0:x");
        assertThat(ServiceRegistry.get(Greeter.class, "zeta").greet("x")).isEqualTo("1.0.0:x");
        assertThat(ServiceRegistry.get(Greeter.class, "alpha").greet("x")).isEqualTo("3.0.0:x");
        assertThat(ServiceRegistry.get(Greeter.class, "zeta")).isSameAs(ServiceRegistry.get(Greeter.class, "zeta"));
        assertThat(ServiceRegistry.get(Greeter.class)).isSameAs(byDefault).isNotSameAs(
                ServiceRegistry.get(Greeter.class, "alpha"));
    }

    @Test
    void everyProviderIsALiveViewOfThePluginsProvidingTheInterfaceInIdOrder() throws Exception {
        Greeters.version("zeta", "1.0.0", "").writeTo(plugins);
        Iterable<Greeter> all = ServiceRegistry.all(Greeter.class);
        assertThat(all).isEmpty();
        start();
        assertThat(all).containsExactly(ServiceRegistry.get(Greeter.class, "zeta"));

        Path alpha = Greeters.version("alpha", "3.0.0", "").moveInto(plugins);
        await().atMost(WAIT).until(() -> toList(all).size() == 2);
        assertThat(all).containsExactly(ServiceRegistry.get(Greeter.class, "alpha"),
                ServiceRegistry.get(Greeter.class, "zeta"));
        assertThat(toList(all)).extracting(g -> g.greet("x")).containsExactly("3.0.0:x", "1.0.0:x");
        assertThatThrownBy(() -> all.iterator().remove()).isInstanceOf(UnsupportedOperationException.class);

        Greeter held = all.iterator().next();
        Files.delete(alpha);
        await().atMost(WAIT).until(() -> toList(all).size() == 1);
        assertThat(all).containsExactly(ServiceRegistry.get(Greeter.class, "zeta"));
        assertThatThrownBy(() -> held.greet("x")).isInstanceOf(ServiceUnavailableException.class);

        runtime.close();
        assertThat(all).isEmpty();
    }

    private static List<Greeter> toList(Iterable<Greeter> greeters) {
        List<Greeter> list = new ArrayList<>();
        greeters.forEach(list::add);
        return list;
    }

    @Test
    void closingTheRuntimeRetiresEveryVersionAndCallsSayNoRuntimeRuns() {
        Greeters.version("1.0.0").writeTo(plugins);
        Greeter greeter = start();
        assertThat(greeter.greet("x")).isEqualTo("1.0.0:x");
        runtime.close();
        assertThat(Probe.recorded()).contains("closed greeter 1.0.0");
        assertThatThrownBy(() -> greeter.greet("x")).isInstanceOf(ServiceUnavailableException.class)
                .hasMessageContaining("-javaagent:reload-agent.jar");
        assertThat(ServiceRegistry.get(Greeter.class)).isSameAs(greeter);
    }

    @Test
    void onlyOneRuntimeRunsAtATime() {
        start();
        assertThatThrownBy(() -> ReloadRuntime.start(dir.resolve("other")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(plugins.toString());
    }

    @Test
    void filesThatAreNotJarsOrAreHiddenAreIgnored() throws Exception {
        Greeters.version("1.0.0").writeTo(plugins);
        Greeter greeter = start();
        Files.write(plugins.resolve("greeter-2.0.0.jar.part"), Greeters.version("2.0.0").bytes());
        Files.write(plugins.resolve(".greeter-3.0.0.jar"), Greeters.version("3.0.0").bytes());
        Files.writeString(plugins.resolve("README.txt"), "hello");
        runtime.rescan();
        await().during(Duration.ofMillis(400)).atMost(WAIT).until(() -> greeter.greet("x").equals("1.0.0:x"));
        assertThat(events).noneMatch(e -> e instanceof ReloadEvent.Rejected
                || e instanceof ReloadEvent.Loaded && !e.equals(new ReloadEvent.Loaded("greeter", "1.0.0")));
    }

    @Test
    void aDirectoryMovedAwayKeepsTheActiveVersionServingAndIsWatchedAgainWhenRecreated() throws Exception {
        Greeters.version("1.0.0").writeTo(plugins);
        Greeter greeter = start();
        Files.move(plugins, dir.resolve("plugins-moved-away"));
        await().during(Duration.ofMillis(1500)).atMost(WAIT).until(() -> greeter.greet("x").equals("1.0.0:x"));
        Files.createDirectories(plugins);
        Greeters.version("2.0.0").writeTo(plugins);
        awaitServing(greeter, "2.0.0");
        Greeters.version("3.0.0").moveInto(plugins);
        awaitServing(greeter, "3.0.0");
    }

    @Test
    void anActiveJarOverwrittenWithOneThatFailsToLoadKeepsTheLoadedVersionServing() {
        Greeters.version("1.0.0").writeTo(plugins);
        Greeters.version("2.0.0").writeTo(plugins);
        Greeter greeter = start();
        Path broken = PluginJar.named("greeter-2.0.0.jar").entry("README", new byte[] {1}).moveInto(plugins);
        awaitRejected(broken, "no service implementation found");
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> greeter.greet("x").equals("2.0.0:x"));
    }

    @Test
    void aConstructorThatNeverReturnsIsRefusedAfterTheInstantiateTimeoutAndOtherJarsStillLoad() {
        Greeters.version("1.0.0").writeTo(plugins);
        runtime = fixture.start(fixture.options().withInstantiateTimeout(Duration.ofMillis(500)));
        Greeter greeter = ServiceRegistry.get(Greeter.class);
        Path stuck = PluginJar.named("greeter-2.0.0.jar").classpath(Greeter.class)
                .source("stuck.Impl", "package stuck; public class Impl implements dev.reload.testkit.Greeter {"
                        + " public Impl() { while (true) { Thread.onSpinWait(); } }"
                        + " public String greet(String n) { return n; } }")
                .service(Greeter.class, "stuck.Impl").moveInto(plugins);
        awaitRejected(stuck, "instantiateTimeout=500ms");
        assertThat(greeter.greet("x")).isEqualTo("1.0.0:x");
        Greeters.version("other", "1.0.0", "").moveInto(plugins);
        await().atMost(WAIT).ignoreExceptions()
                .until(() -> ServiceRegistry.get(Greeter.class, "other").greet("x").equals("1.0.0:x"));
    }

    @Test
    void aJarAboveTheZipLimitsIsRefusedNamingTheOption() {
        Greeters.version("1.0.0").writeTo(plugins);
        runtime = fixture.start(fixture.options().withMaxJarEntries(3).withMaxJarSize(4096));
        Greeter greeter = ServiceRegistry.get(Greeter.class);
        Path many = Greeters.version("2.0.0").entry("a", new byte[0]).entry("b", new byte[0])
                .entry("c", new byte[0]).moveInto(plugins);
        awaitRejected(many, "maxJarEntries=3");
        Path large = PluginJar.named("greeter-3.0.0.jar").entry("big", new byte[10_000]).moveInto(plugins);
        awaitRejected(large, "maxJarSize=4096");
        assertThat(greeter.greet("x")).isEqualTo("1.0.0:x");
    }

    @Test
    void aPluginsPathThatIsAFileIsAClearStartUpError() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        assertThatThrownBy(() -> ReloadRuntime.start(file))
                .hasMessageContaining(file.toString()).hasMessageContaining("is not a directory");
    }

    @Test
    void aPluginCompiledAgainstAMethodTheApplicationLacksIsRefusedBeforeItGoesLive() throws Exception {
        Path newerApi = PluginJar.named("newer-api.jar")
                .source("dev.reload.testkit.Probe", "package dev.reload.testkit;"
                        + " public final class Probe { public static void announce(String s) { } }")
                .writeTo(Files.createDirectories(dir.resolve("newer-api")));
        Greeters.version("1.0.0").writeTo(plugins);
        Greeter greeter = start();
        PluginJar linked = PluginJar.named("greeter-2.0.0.jar").classpath(newerApi).classpath(Greeter.class)
                .source("linked.Impl", "package linked; public class Impl implements dev.reload.testkit.Greeter {"
                        + " public String greet(String n) { dev.reload.testkit.Probe.announce(n); return n; } }")
                .service(Greeter.class, "linked.Impl");
        Path jar = linked.moveInto(plugins);
        awaitRejected(jar, "dev.reload.testkit.Probe.announce(Ljava/lang/String;)V");
        assertThat(events).anyMatch(e -> e instanceof ReloadEvent.Rejected
                && ((ReloadEvent.Rejected) e).reason().contains("verifyLinkage=false"));
        assertThat(greeter.greet("x")).isEqualTo("1.0.0:x");
    }
}

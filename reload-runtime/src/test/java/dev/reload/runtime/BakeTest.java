package dev.reload.runtime;

import dev.reload.api.ReloadEvent;
import dev.reload.api.ServiceRegistry;
import dev.reload.runtime.manage.PluginMXBean;
import dev.reload.testkit.Greeter;
import dev.reload.testkit.Greeters;
import dev.reload.testkit.PluginJar;
import dev.reload.testkit.RuntimeFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * With {@code bake} set, a version whose calls fail too often after its swap is swapped back to the version it
 * replaced and marked bad: rescans pass it by until its jar changes, or an operator reloads or unpins.
 */
class BakeTest {

    @RegisterExtension
    final RuntimeFixture fixture = new RuntimeFixture();

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    /** A greeter whose every call throws, except those for a name starting with {@code ok}. */
    private static PluginJar failing(String version) {
        String simple = "Failing_" + version.replaceAll("\\W", "_");
        return PluginJar.named("greeter-" + version + ".jar").classpath(Greeter.class)
                .source("plugin." + simple, "package plugin;\n"
                        + "public class " + simple + " implements dev.reload.testkit.Greeter {\n"
                        + "  public String greet(String name) {\n"
                        + "    if (name.startsWith(\"ok\")) { return \"" + version + ":\" + name; }\n"
                        + "    throw new IllegalStateException(\"" + version + " fails\");\n"
                        + "  }\n"
                        + "}\n")
                .service(Greeter.class, "plugin." + simple);
    }

    private Greeter start(ReloadOptions options) {
        fixture.start(options.withPoll(Duration.ofMillis(100)));
        return ServiceRegistry.get(Greeter.class);
    }

    private ReloadOptions baking() {
        return fixture.options().withBake(Duration.ofSeconds(60));
    }

    private PluginMXBean plugin() throws Exception {
        ObjectName name = new ObjectName("dev.reload:type=Plugin,name=greeter");
        await().atMost(RuntimeFixture.WAIT).until(() -> server.isRegistered(name));
        return JMX.newMXBeanProxy(server, name, PluginMXBean.class);
    }

    /** Calls as an application does, failures and all, until {@code version} answers. */
    private static void callUntilServedBy(Greeter greeter, String version) {
        await().atMost(RuntimeFixture.WAIT).pollInterval(Duration.ofMillis(1)).until(() -> {
            try {
                return greeter.greet("x").equals(version + ":x");
            } catch (IllegalStateException e) {
                return false;
            }
        });
    }

    /** Waits until {@code version} serves: its calls for {@code ok} names answer. */
    private static void awaitSwapTo(Greeter greeter, String version) {
        await().atMost(RuntimeFixture.WAIT).ignoreExceptions()
                .until(() -> greeter.greet("ok").equals(version + ":ok"));
    }

    private long loadsOf(String version) {
        return fixture.events().stream().filter(new ReloadEvent.Loaded("greeter", version)::equals).count();
    }

    private ReloadEvent.MarkedBad markedBad() {
        return fixture.events().stream().filter(e -> e instanceof ReloadEvent.MarkedBad)
                .map(ReloadEvent.MarkedBad.class::cast).findFirst().orElseThrow();
    }

    @Test
    void aVersionWhoseCallsFailIsSwappedBackAndMarkedBadAndRescansPassItBy() throws Exception {
        Greeters.version("1.0.0").moveInto(fixture.plugins());
        Greeter greeter = start(baking());
        fixture.awaitServing(greeter, "1.0.0");

        failing("2.0.0").moveInto(fixture.plugins());
        awaitSwapTo(greeter, "2.0.0");
        callUntilServedBy(greeter, "1.0.0");

        fixture.awaitEvent(new ReloadEvent.Swapped(Greeter.class, "2.0.0", "1.0.0"));
        assertThat(markedBad().version()).isEqualTo("2.0.0");
        assertThat(markedBad().reason()).contains("with an unchecked exception, over bakeFailureRate=5% and "
                + "bakeMinFailures=20", "after it replaced 1.0.0");
        assertThat(plugin().getBadVersions()).containsOnlyKeys("2.0.0");
        assertThat(plugin().getBadVersions().get("2.0.0")).contains("failed ");
        assertThat(plugin().getActiveVersion()).isEqualTo("1.0.0");
        // Polls every 100 ms: none of them tries the marked jar again.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> loadsOf("2.0.0") == 1 && greeter.greet("x").equals("1.0.0:x"));
    }

    @Test
    void aNewJarOfTheMarkedVersionIsTriedAgain() throws Exception {
        Greeters.version("1.0.0").moveInto(fixture.plugins());
        Greeter greeter = start(baking());
        failing("2.0.0").moveInto(fixture.plugins());
        awaitSwapTo(greeter, "2.0.0");
        callUntilServedBy(greeter, "1.0.0");

        Greeters.version("2.0.0").moveInto(fixture.plugins());

        fixture.awaitServing(greeter, "2.0.0");
        assertThat(plugin().getBadVersions()).isEmpty();
    }

    @Test
    void reloadAndUnpinTryTheMarkedVersionAgain() throws Exception {
        Greeters.version("1.0.0").moveInto(fixture.plugins());
        Greeter greeter = start(baking());
        failing("2.0.0").moveInto(fixture.plugins());
        awaitSwapTo(greeter, "2.0.0");
        callUntilServedBy(greeter, "1.0.0");

        assertThat(plugin().reload()).contains("greeter: 2.0.0 active (was 1.0.0)");
        assertThat(plugin().getBadVersions()).isEmpty();
        callUntilServedBy(greeter, "1.0.0");
        await().atMost(RuntimeFixture.WAIT).until(() -> plugin().getBadVersions().containsKey("2.0.0"));

        assertThat(plugin().unpin()).contains("cleared the bad mark of greeter 2.0.0", "swapped 1.0.0 -> 2.0.0");
        assertThat(plugin().getBadVersions()).isEmpty();
        assertThat(loadsOf("2.0.0")).isEqualTo(3);
    }

    @Test
    void withNoLowerVersionLeftAFailingVersionKeepsServing() throws Exception {
        Path first = Greeters.version("1.0.0").moveInto(fixture.plugins());
        Greeter greeter = start(baking());
        failing("2.0.0").moveInto(fixture.plugins());
        awaitSwapTo(greeter, "2.0.0");
        java.nio.file.Files.delete(first);

        for (int i = 0; i < 100; i++) {
            assertThatThrownBy(() -> greeter.greet("x")).hasMessage("2.0.0 fails");
        }

        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> greeter.greet("ok").equals("2.0.0:ok"));
        assertThat(fixture.events()).noneMatch(e -> e instanceof ReloadEvent.MarkedBad);
        assertThat(plugin().getBadVersions()).isEmpty();
    }

    @Test
    void failuresUnderTheMinimumOrWithoutBakeChangeNothing() throws Exception {
        Greeters.version("1.0.0").moveInto(fixture.plugins());
        Greeter greeter = start(fixture.options().withBake(Duration.ofMillis(300)).withBakeMinFailures(50));
        failing("2.0.0").moveInto(fixture.plugins());
        awaitSwapTo(greeter, "2.0.0");

        for (int i = 0; i < 49; i++) {
            assertThatThrownBy(() -> greeter.greet("x")).hasMessage("2.0.0 fails");
        }

        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> greeter.greet("ok").equals("2.0.0:ok"));
        for (int i = 0; i < 100; i++) {
            assertThatThrownBy(() -> greeter.greet("x")).hasMessage("2.0.0 fails");
        }
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                .until(() -> greeter.greet("ok").equals("2.0.0:ok"));
        assertThat(fixture.events()).noneMatch(e -> e instanceof ReloadEvent.MarkedBad);
    }
}

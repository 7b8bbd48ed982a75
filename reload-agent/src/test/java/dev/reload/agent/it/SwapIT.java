package dev.reload.agent.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A JVM started with the agent swaps versions under running callers: later calls go to the new version, calls
 * already inside the old one finish there, and the old one is closed only after they return.
 */
class SwapIT {

    private static final String GREETER = "dev.reload.testkit.Greeter";

    @RegisterExtension
    final ChildJvms jvms = new ChildJvms();

    private final Path temp = jvms.temp();
    private final Path plugins = jvms.plugins();

    @Test
    void aJarPresentAtStartServesTheFirstCallInMain() {
        GreeterPlugin.version("1.0.0").writeTo(plugins);

        Host host = Host.start(jvms, Host.withAgentOn(plugins));

        assertThat(host.firstCall()).isEqualTo("answered 1.0.0:main");
        host.awaitLineContaining("[reload] greeter 1.0.0: loaded from greeter-1.0.0.jar");
        assertThat(host.describeProxy())
                .isEqualTo("ReloadProxy[" + GREETER + ", plugin greeter, version 1.0.0]");
    }

    @Test
    void aHigherVersionMovedInServesLaterCallsWhileCallersRunAndNoCallFails() {
        GreeterPlugin.version("1.0.0").writeTo(plugins);
        Host host = Host.start(jvms, Host.withAgentOn(plugins));
        host.awaitEveryCallerAnsweredBy("1.0.0");

        GreeterPlugin.version("1.1.0").moveInto(plugins);

        host.awaitEveryCallerAnsweredBy("1.1.0");
        host.awaitLineContaining("event loaded greeter 1.1.0");
        host.awaitLineContaining("event swapped " + GREETER + " 1.0.0 -> 1.1.0");
        host.awaitLineContaining("[reload] greeter: swapped 1.0.0 -> 1.1.0 (greeter-1.1.0.jar)");
        host.awaitLineContaining("event retired greeter 1.0.0");
        host.awaitLineContaining("[reload] greeter 1.0.0: retired, calls drained and instances closed");
        assertThat(host.describeProxy())
                .isEqualTo("ReloadProxy[" + GREETER + ", plugin greeter, version 1.1.0]");
        assertThat(host.callerReports()).allMatch(r -> r.endsWith(" answered by 1.0.0")
                || r.endsWith(" answered by 1.1.0"));
        Host.Stats stats = host.stats();
        assertThat(stats.failures()).as("failed calls: %s", host.failedCalls()).isZero();
        assertThat(stats.calls()).isPositive();
    }

    @Test
    void aCallInFlightDuringASwapFinishesOnTheOldVersionWhichIsClosedOnlyAfterItReturns() throws IOException {
        GreeterPlugin.version("1.0.0").writeTo(plugins);
        Host host = Host.start(jvms, Host.withAgentOn(plugins));
        Path release = temp.resolve("release-held-call");
        host.startHeldCall(release);
        host.awaitLineContaining("1.0.0 held call started");

        GreeterPlugin.version("1.1.0").moveInto(plugins);
        host.awaitEveryCallerAnsweredBy("1.1.0");
        host.awaitLineContaining("event swapped " + GREETER + " 1.0.0 -> 1.1.0");
        assertThat(host.jvm().find("closed 1.0.0"::equals))
                .as("1.0.0 must not be closed while a call is inside it").isEmpty();
        Files.createFile(release);

        assertThat(host.awaitLineContaining("held call returned ").text())
                .isEqualTo("held call returned 1.0.0:hold:" + release);
        ChildJvm.Line finishing = host.awaitLineContaining("1.0.0 held call finishing");
        ChildJvm.Line closed = host.jvm().awaitLine("the line 'closed 1.0.0'", "closed 1.0.0"::equals);
        assertThat(closed.index()).as("1.0.0 closed after its last call returned").isGreaterThan(finishing.index());
        host.awaitLineContaining("event retired greeter 1.0.0");
        assertThat(host.stats().failures()).as("failed calls: %s", host.failedCalls()).isZero();
    }

    @Test
    void aCallOutlastingTheDrainTimeoutIsReportedWithItsThreadAndTheOldVersionStillWaitsForIt()
            throws IOException {
        GreeterPlugin.version("1.0.0").writeTo(plugins);
        Host host = Host.start(jvms, Host.withAgentOn(plugins, "drainTimeout=300ms"));
        Path release = temp.resolve("release-held-call");
        host.startHeldCall(release);
        host.awaitLineContaining("1.0.0 held call started");

        GreeterPlugin.version("1.1.0").moveInto(plugins);

        host.awaitLineContaining("[reload] greeter 1.0.0: 1 call(s) still running after the drain timeout of 300 ms");
        host.awaitLineContaining("thread \"held-call-1\"");
        host.awaitLineContaining(GreeterPlugin.className("1.0.0") + ".greet(");
        assertThat(host.jvm().find("closed 1.0.0"::equals))
                .as("1.0.0 must not be closed while a call is inside it, drain timeout or not").isEmpty();
        Files.createFile(release);
        ChildJvm.Line finishing = host.awaitLineContaining("1.0.0 held call finishing");
        ChildJvm.Line closed = host.jvm().awaitLine("the line 'closed 1.0.0'", "closed 1.0.0"::equals);
        assertThat(closed.index()).isGreaterThan(finishing.index());
        assertThat(host.awaitLineContaining("held call returned ").text())
                .isEqualTo("held call returned 1.0.0:hold:" + release);
    }

    @Test
    void aQuickSuccessionOfVersionsEndsOnTheHighestWithEveryReplacedVersionClosedOnceAndNoCallFailing() {
        GreeterPlugin.version("1.0.0").writeTo(plugins);
        Host host = Host.start(jvms, Host.withAgentOn(plugins));
        host.awaitEveryCallerAnsweredBy("1.0.0");
        List<String> versions = IntStream.rangeClosed(1, 8).mapToObj(i -> "1.0." + i).collect(Collectors.toList());
        List<byte[]> builds = versions.stream().map(v -> GreeterPlugin.version(v).bytes())
                .collect(Collectors.toList());

        for (int i = 0; i < versions.size(); i++) {
            PluginFiles.moveInto(plugins, "greeter-" + versions.get(i) + ".jar", builds.get(i));
            // Deliberate pacing, shorter than the settle time: some versions load and swap while others arrive.
            pause(Duration.ofMillis(40));
        }

        host.awaitEveryCallerAnsweredBy("1.0.8");
        List<String> replaced = new ArrayList<>(List.of("1.0.0"));
        host.jvm().stdout(l -> l.startsWith("event loaded greeter ")).stream()
                .map(l -> l.substring("event loaded greeter ".length()))
                .filter(v -> !v.equals("1.0.8"))
                .forEach(replaced::add);
        for (String version : replaced) {
            host.awaitLineContaining("event retired greeter " + version);
            assertThat(host.jvm().stdout(("closed " + version)::equals)).as("closes of %s", version).hasSize(1);
        }
        assertThat(host.jvm().find("closed 1.0.8"::equals)).isEmpty();
        assertThat(host.stats().failures()).as("failed calls: %s", host.failedCalls()).isZero();
    }

    @Test
    void aLowerVersionArrivingChangesNothing() {
        GreeterPlugin.version("1.1.0").writeTo(plugins);
        Host host = Host.start(jvms, Host.withAgentOn(plugins));
        host.awaitEveryCallerAnsweredBy("1.1.0");

        GreeterPlugin.version("1.0.0").moveInto(plugins);

        // Two barriers, without which "nothing happened" could mean "not yet". A scan decides plugin ids in sorted
        // order, and a file that arrives later settles no earlier: once "probe", which sorts after "greeter", has
        // loaded, the runtime has decided about 1.0.0. And it loads one version of a plugin at a time: once 1.2.0,
        // which arrives after that, serves, whatever the runtime may have started for 1.0.0 has finished.
        GreeterPlugin.jar("probe-1.0.0.jar", "probe", "").moveInto(plugins);
        host.awaitLineContaining("event loaded probe 1.0.0");
        assertThat(host.describeProxy()).endsWith("plugin greeter, version 1.1.0]");
        GreeterPlugin.version("1.2.0").moveInto(plugins);
        host.awaitEveryCallerAnsweredBy("1.2.0");

        assertThat(host.jvm().find(l -> l.contains("event loaded greeter 1.0.0"))).isEmpty();
        assertThat(host.callerReports()).noneMatch(r -> r.endsWith(" answered by 1.0.0"));
        host.awaitLineContaining("event swapped " + GREETER + " 1.1.0 -> 1.2.0");
        assertThat(host.stats().failures()).as("failed calls: %s", host.failedCalls()).isZero();
    }

    @Test
    void replacingTheActiveJarWithAnotherBuildUnderTheSameNameReloadsIt() {
        GreeterPlugin.version("1.1.0").writeTo(plugins);
        Host host = Host.start(jvms, Host.withAgentOn(plugins));
        host.awaitEveryCallerAnsweredBy("1.1.0");

        GreeterPlugin.version("1.1.0", "1.1.0-second-build").moveInto(plugins);

        host.awaitEveryCallerAnsweredBy("1.1.0-second-build");
        host.awaitLineContaining("event swapped " + GREETER + " 1.1.0 -> 1.1.0");
        host.jvm().awaitLine("the line 'closed 1.1.0'", "closed 1.1.0"::equals);
        assertThat(host.stats().failures()).as("failed calls: %s", host.failedCalls()).isZero();
    }

    private static void pause(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package dev.reload.agent.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The habits of process managers inside the JVM: SIGHUP and polling pick up new code, shutdown drains. */
class OperationsIT {

    @RegisterExtension
    final ChildJvms jvms = new ChildJvms();

    private final Path temp = jvms.temp();
    private final Path plugins = jvms.plugins();

    @Test
    void withoutFileEventsSighupPicksUpANewVersion() throws Exception {
        GreeterPlugin.version("1.0.0").writeTo(plugins);
        Host host = Host.start(jvms, Host.withAgentOn(plugins, "watch=false"));
        host.awaitEveryCallerAnsweredBy("1.0.0");
        PluginFiles.moveInto(plugins, "greeter-2.0.0.jar", GreeterPlugin.version("2.0.0").bytes());
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> host.jvm().find(l -> l.contains("event loaded greeter 2.0.0")).isEmpty());

        Process hangup = new ProcessBuilder("kill", "-HUP", Long.toString(host.jvm().pid())).start();
        assertThat(hangup.waitFor()).isZero();

        host.awaitLineContaining("SIGHUP: rescanning");
        host.awaitEveryCallerAnsweredBy("2.0.0");
        assertThat(host.jvm().find(l -> l.startsWith("caller-") && l.contains("failed"))).isEmpty();
    }

    @Test
    void pollingPicksUpANewVersionWithoutFileEvents() {
        GreeterPlugin.version("1.0.0").writeTo(plugins);
        Host host = Host.start(jvms, Host.withAgentOn(plugins, "watch=false", "poll=200ms"));
        host.awaitEveryCallerAnsweredBy("1.0.0");
        PluginFiles.moveInto(plugins, "greeter-2.0.0.jar", GreeterPlugin.version("2.0.0").bytes());
        host.awaitEveryCallerAnsweredBy("2.0.0");
    }

    @Test
    void onJvmExitACallInFlightFinishesBeforeItsVersionIsClosedOnce() throws Exception {
        GreeterPlugin.version("1.0.0").writeTo(plugins);
        Host host = Host.start(jvms, Host.withAgentOn(plugins, "shutdownTimeout=20s"));
        host.awaitEveryCallerAnsweredBy("1.0.0");
        Path release = temp.resolve("release");
        host.startHeldCall(release);
        host.awaitLineContaining("1.0.0 held call started");

        host.jvm().send("quit");
        host.awaitLineContaining("bye");
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> host.jvm().find(l -> l.equals("closed 1.0.0")).isEmpty());
        Files.createFile(release);

        assertThat(host.jvm().awaitExit()).isZero();
        int finishing = host.jvm().awaitLineContaining("1.0.0 held call finishing").index();
        int closed = host.jvm().awaitLineContaining("closed 1.0.0").index();
        assertThat(closed).isGreaterThan(finishing);
        assertThat(host.jvm().stdout(l -> l.equals("closed 1.0.0"))).hasSize(1);
    }

    @Test
    void onJvmExitACallStillRunningAfterTheShutdownTimeoutIsLoggedAsAbandonedAndNotClosedUnder() {
        GreeterPlugin.version("1.0.0").writeTo(plugins);
        Host host = Host.start(jvms, Host.withAgentOn(plugins, "shutdownTimeout=500ms"));
        host.awaitEveryCallerAnsweredBy("1.0.0");
        host.startHeldCall(temp.resolve("never"));
        host.awaitLineContaining("1.0.0 held call started");

        host.jvm().send("quit");

        assertThat(host.jvm().awaitExit()).isZero();
        host.awaitLineContaining("greeter 1.0.0: 1 call(s) still running at shutdown after shutdownTimeout",
                "abandoned");
        host.awaitLineContaining("thread \"held-call-1\"");
        assertThat(host.jvm().stdout(l -> l.equals("closed 1.0.0"))).isEmpty();
    }
}

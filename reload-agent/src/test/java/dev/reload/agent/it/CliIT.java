package dev.reload.agent.it;

import dev.reload.agent.it.AgentCommand.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code java -jar reload-agent.jar <verb> <pid>}, run as an operator runs it, against child JVMs: a
 * {@link FakeReloadJvm} that holds the MBean contract and nothing else, JVMs that are not what the command needs,
 * and a {@link HostApp} with the agent and real plugin jars.
 */
class CliIT {

    @RegisterExtension
    final ChildJvms jvms = new ChildJvms();

    private final Path temp = jvms.temp();
    private final Path plugins = jvms.plugins();
    private final AtomicInteger runs = new AtomicInteger();

    @Test
    void statusPrintsAHeadingAndARowPerPluginWithTheLastRejectionBelow() {
        String pid = startFake();

        Run status = cli("status", pid);

        assertThat(status.exitStatus()).as("%s", status).isZero();
        assertThat(status.err()).isEmpty();
        assertThat(status.lines()).containsExactly(
                "JVM " + pid + ", plugins directory " + FakeReloadJvm.PLUGINS_DIRECTORY + ", asymmetric gate",
                "PLUGIN         ACTIVE  PINNED  STATE   IN-FLIGHT  CALLS  SWAPS  REJECTS  VERSIONS           RETIRING  BAD",
                "greeter        2.0.0   -       ACTIVE          0   1234      1        0  2.0.0,1.0.0        -         -",
                "order-service  1.2.0   1.2.0   PINNED          3     98     12        1  1.3.0,1.2.0,1.1.0  1.1.0(2)  -",
                "last rejection of order-service: " + FakeReloadJvm.LAST_REJECTION);
    }

    @Test
    void statusWithJsonPrintsOneObjectWithEveryAttribute() {
        String pid = startFake();

        Run status = cli("status", "--json", pid);

        assertThat(status.exitStatus()).as("%s", status).isZero();
        assertThat(status.lines()).hasSize(1);
        assertThat(status.out()).startsWith("{\"pid\":" + pid + ",\"pluginsDirectory\":\"/srv/reload/plugins\","
                        + "\"gate\":\"asymmetric\",")
                .contains("{\"id\":\"greeter\",\"activeVersion\":\"2.0.0\",\"pinnedVersion\":null,"
                        + "\"state\":\"ACTIVE\",\"inFlight\":0,\"calls\":1234,\"swaps\":1,\"rejects\":0,"
                        + "\"lastRejection\":null,\"versions\":[\"2.0.0\",\"1.0.0\"],\"retiring\":{},"
                        + "\"badVersions\":{}}")
                .contains("\"id\":\"order-service\",\"activeVersion\":\"1.2.0\",\"pinnedVersion\":\"1.2.0\"",
                        "\"lastRejection\":\"2025-01-02T03:04:05Z order-service-1.3.0.jar: the manifest says "
                                + "\\\"1.3.0-rc1\\\"\"",
                        "\"retiring\":{\"1.1.0\":2},\"badVersions\":{}}");
    }

    @Test
    void pinPrintsTheAnswerOfTheRuntimeAndStatusShowsThePin() {
        String pid = startFake();

        Run pin = cli("pin", pid, "greeter", "1.0.0");

        assertThat(pin.exitStatus()).as("%s", pin).isZero();
        assertThat(pin.lines()).containsExactly("pinned greeter to 1.0.0 (was 2.0.0)");
        assertThat(cli("status", "--json", pid).out())
                .contains("{\"id\":\"greeter\",\"activeVersion\":\"1.0.0\",\"pinnedVersion\":\"1.0.0\"");
        Run unpin = cli("unpin", "--json", pid, "greeter");
        assertThat(unpin.exitStatus()).as("%s", unpin).isZero();
        assertThat(unpin.lines()).containsExactly("{\"ok\":true,\"message\":\"unpinned greeter; 2.0.0 active\"}");
    }

    @Test
    void reloadWithoutAPluginRescansThroughTheRegistry() {
        String pid = startFake();

        Run reload = cli("reload", pid);
        Run one = cli("reload", "--json", pid, "order-service");

        assertThat(reload.exitStatus()).as("%s", reload).isZero();
        assertThat(reload.lines()).containsExactly("greeter 2.0.0", "order-service 1.2.0");
        assertThat(one.lines()).containsExactly(
                "{\"ok\":true,\"message\":\"order-service 1.2.0 active, unchanged\"}");
    }

    @Test
    void aRefusedOperationExitsWithOneAndPrintsOnlyTheReason() {
        String pid = startFake();

        Run pin = cli("pin", pid, "greeter", "9.9.9");
        Run rollback = cli("rollback", "--json", pid, "order-service");

        assertThat(pin.exitStatus()).as("%s", pin).isEqualTo(1);
        assertThat(pin.out()).isEmpty();
        assertThat(pin.err().strip()).isEqualTo(
                "reload: refused: no jar of greeter 9.9.9 in /srv/reload/plugins; present: 2.0.0, 1.0.0");
        assertThat(rollback.exitStatus()).as("%s", rollback).isEqualTo(1);
        assertThat(rollback.out()).isEmpty();
        assertThat(rollback.err().strip())
                .isEqualTo("reload: refused: order-service has no earlier version to roll back to");
    }

    @Test
    void anUnknownPluginExitsWithOneNamingThePluginsThereAre() {
        String pid = startFake();

        Run unpin = cli("unpin", pid, "billing");

        assertThat(unpin.exitStatus()).as("%s", unpin).isEqualTo(1);
        assertThat(unpin.out()).isEmpty();
        assertThat(unpin.err().strip())
                .isEqualTo("reload: no plugin 'billing' in JVM " + pid + "; plugins: greeter, order-service");
    }

    @Test
    void aPidOfNoProcessOrOfAProcessThatIsNotAJvmIsReportedAsNotAttachable() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertThat(gone.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Process sleep = new ProcessBuilder("sleep", "60").start();
        try {
            Run dead = cli("status", Long.toString(gone.pid()));
            Run notJava = cli("status", Long.toString(sleep.pid()));

            assertThat(dead.exitStatus()).as("%s", dead).isEqualTo(1);
            assertThat(dead.err().strip()).isEqualTo(
                    "reload: no Java process with pid " + gone.pid() + " can be attached: no process has that pid");
            assertThat(notJava.exitStatus()).as("%s", notJava).isEqualTo(1);
            assertThat(notJava.err()).startsWith(
                    "reload: no Java process with pid " + sleep.pid() + " can be attached: ");
            assertThat(sleep.isAlive()).as("the process the command tried to attach to runs on").isTrue();
        } finally {
            sleep.destroyForcibly();
        }
    }

    @Test
    void aJvmWithoutReloadIsToldHowToStartIt() {
        ChildJvm plain = jvms.start(ChildJvm.launch(FakeReloadJvm.class, "without-reload")
                .classpath(Host.codeSource(FakeReloadJvm.class), Host.agentJar()));
        plain.awaitLine("the line 'ready'", "ready"::equals);

        Run status = cli("status", "--json", Long.toString(plain.pid()));

        assertThat(status.exitStatus()).as("%s", status).isEqualTo(1);
        assertThat(status.out()).isEmpty();
        assertThat(status.err().strip()).isEqualTo("reload: JVM " + plain.pid() + " does not run reload: "
                + "start it with -javaagent:reload-agent.jar=plugins=<dir>");
    }

    @Test
    void aCommandLineThatCannotBeRunExitsWithTwoAndTheUsage() {
        Run badPid = cli("status", "my-service");
        Run help = cli();

        assertThat(badPid.exitStatus()).as("%s", badPid).isEqualTo(2);
        assertThat(badPid.err()).startsWith("reload: 'my-service' is not a pid")
                .contains("usage: java -jar reload-agent.jar <verb> [--json] <pid> [operands]");
        assertThat(help.exitStatus()).as("%s", help).isEqualTo(2);
        assertThat(help.out()).isEmpty();
        assertThat(help.err()).startsWith("usage: ");
    }

    @Test
    void anOperatorPinsUnpinsAndRollsBackTheGreeterOfARunningApplication() {
        GreeterPlugin.version("1.0.0").writeTo(plugins);
        GreeterPlugin.version("2.0.0").writeTo(plugins);
        Host host = Host.start(jvms, Host.withAgentOn(plugins));
        host.awaitEveryCallerAnsweredBy("2.0.0");
        String pid = Long.toString(host.jvm().pid());

        Run status = cli("status", pid);
        assertThat(status.exitStatus()).as("%s", status).isZero();
        assertThat(status.lines()).anySatisfy(line -> assertThat(line.split(" +"))
                .startsWith("greeter", "2.0.0", "-"));

        int beforePin = host.jvm().mark();
        Run pin = cli("pin", pid, "greeter", "1.0.0");
        assertThat(pin.exitStatus()).as("%s", pin).isZero();
        awaitEveryCallerAnsweredAfter(host, beforePin, "1.0.0");
        assertThat(cli("status", "--json", pid).out())
                .contains("\"activeVersion\":\"1.0.0\",\"pinnedVersion\":\"1.0.0\"");

        int beforeUnpin = host.jvm().mark();
        Run unpin = cli("unpin", pid, "greeter");
        assertThat(unpin.exitStatus()).as("%s", unpin).isZero();
        awaitEveryCallerAnsweredAfter(host, beforeUnpin, "2.0.0");

        int beforeRollback = host.jvm().mark();
        Run rollback = cli("rollback", pid, "greeter");
        assertThat(rollback.exitStatus()).as("%s", rollback).isZero();
        awaitEveryCallerAnsweredAfter(host, beforeRollback, "1.0.0");

        assertThat(host.stats().failures()).as("failed calls: %s", host.failedCalls()).isZero();
    }

    private String startFake() {
        ChildJvm fake = jvms.start(ChildJvm.launch(FakeReloadJvm.class)
                .classpath(Host.codeSource(FakeReloadJvm.class), Host.agentJar()));
        fake.awaitLine("the line 'ready'", "ready"::equals);
        return Long.toString(fake.pid());
    }

    private static void awaitEveryCallerAnsweredAfter(Host host, int mark, String label) {
        IntStream.range(0, Host.CALLERS).forEach(i -> {
            String line = "caller-" + i + " answered by " + label;
            host.jvm().awaitLineAfter(mark, "the line '" + line + "'", line::equals);
        });
    }

    /** Runs the command line in a JVM of its own, as {@code java -jar reload-agent.jar <args>}. */
    private Run cli(String... args) {
        return AgentCommand.run(temp, runs.incrementAndGet(), args);
    }
}

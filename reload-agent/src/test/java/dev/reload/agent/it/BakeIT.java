package dev.reload.agent.it;

import dev.reload.agent.it.AgentCommand.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code bake} set, a version whose calls throw is swapped back while the application's callers run, and stays
 * out: what an operator sees in the log and in {@code status}.
 */
class BakeIT {

    @RegisterExtension
    final ChildJvms jvms = new ChildJvms();

    private final Path temp = jvms.temp();
    private final Path plugins = jvms.plugins();

    @Test
    void aVersionWhoseCallsThrowIsRolledBackWithinTheBakeTimeAndNotTriedAgainByRescans() {
        GreeterPlugin.version("1.0.0").writeTo(plugins);
        Host host = Host.start(jvms, Host.withAgentOn(plugins, "bake=2m", "poll=200ms"));
        host.awaitEveryCallerAnsweredBy("1.0.0");
        long start = System.nanoTime();

        GreeterPlugin.failingEveryCall("2.0.0").moveInto(plugins);

        host.awaitEveryCallerFailing("java.lang.IllegalStateException: 2.0.0 fails");
        int failing = host.jvm().mark();
        host.awaitLineContaining("[reload] greeter: swapped 2.0.0 -> 1.0.0 (greeter-1.0.0.jar)");
        IntStream.range(0, Host.CALLERS).forEach(i -> host.jvm().awaitLineAfter(failing,
                "caller-" + i + " answered by 1.0.0 again", ("caller-" + i + " answered by 1.0.0")::equals));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMinutes(2));
        host.awaitLineContaining("WARN [reload] greeter 2.0.0: failed ", "with an unchecked exception, over "
                + "bakeFailureRate=5% and bakeMinFailures=20", "marked bad on this JVM, rolled back to 1.0.0");
        host.awaitLineContaining("event MarkedBad[pluginId=greeter, version=2.0.0, reason=failed ");
        assertThat(host.failedCalls()).allMatch(r -> r.endsWith("failed: java.lang.IllegalStateException: 2.0.0 fails"));

        // Rescans every 200 ms pass the marked jar by: it loaded once, and the callers stay on 1.0.0.
        int rolledBack = host.jvm().mark();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() ->
                host.jvm().stdout("event loaded greeter 2.0.0"::equals).size() == 1
                        && host.jvm().lines().stream().skip(rolledBack + 1L)
                        .noneMatch(l -> l.text().contains(" failed: ")));

        String pid = Long.toString(host.jvm().pid());
        Run status = AgentCommand.run(temp, 1, "status", pid);
        assertThat(status.exitStatus()).as("%s", status).isZero();
        assertThat(status.lines()).anySatisfy(line -> assertThat(line.split(" +"))
                .startsWith("greeter", "1.0.0", "-", "ACTIVE").endsWith("2.0.0,1.0.0", "-", "2.0.0"));
        assertThat(status.lines()).anySatisfy(line -> assertThat(line)
                .startsWith("bad version of greeter: 2.0.0 marked ").contains("failed ", "after it replaced 1.0.0"));
        Run json = AgentCommand.run(temp, 2, "status", "--json", pid);
        assertThat(json.out()).contains("\"activeVersion\":\"1.0.0\"", "\"badVersions\":{\"2.0.0\":\"");
    }
}

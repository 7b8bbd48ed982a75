package dev.reload.agent.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A jar copied in without an atomic move, with a stall longer than the settle time half way: the half-written file
 * is never loaded, never reported as a bad jar, and no call fails; the complete file loads.
 */
class SlowCopyIT {

    /** Well past the 50 ms settle time the host runs with, so the runtime sees the half-written file settle. */
    private static final Duration STALL = Duration.ofMillis(500);

    @RegisterExtension
    final ChildJvms jvms = new ChildJvms();

    private final Path temp = jvms.temp();
    private final Path plugins = jvms.plugins();

    @Test
    void aNewJarCopiedInSlowlyIsLoadedOnlyOnceItIsComplete() {
        GreeterPlugin.version("1.0.0").writeTo(plugins);
        Host host = Host.start(jvms, Host.withAgentOn(plugins));
        host.awaitEveryCallerAnsweredBy("1.0.0");

        PluginFiles.SlowCopy copy = PluginFiles.startCopy(GreeterPlugin.version("1.1.0").bytes(),
                plugins.resolve("greeter-1.1.0.jar")).stall(STALL);
        int beforeCompletion = host.jvm().mark();
        copy.finish();

        host.awaitEveryCallerAnsweredBy("1.1.0");
        ChildJvm.Line loaded = host.awaitLineContaining("event loaded greeter 1.1.0");
        assertThat(loaded.index()).as("loaded only after the copy completed").isGreaterThan(beforeCompletion);
        assertThat(host.jvm().stdout(l -> l.equals("event loaded greeter 1.1.0"))).hasSize(1);
        assertThat(host.stats().failures()).as("failed calls: %s", host.failedCalls()).isZero();
    }

    @Test
    void aCopyThatPausesHalfWayIsNeitherRejectedNorWarnedAboutAndLoadsOnceFinished() {
        GreeterPlugin.version("1.0.0").writeTo(plugins);
        Host host = Host.start(jvms, Host.withAgentOn(plugins));
        host.awaitEveryCallerAnsweredBy("1.0.0");

        PluginFiles.startCopy(GreeterPlugin.version("1.1.0").bytes(), plugins.resolve("greeter-1.1.0.jar"))
                .stall(Duration.ofMillis(300)).finish();

        host.awaitEveryCallerAnsweredBy("1.1.0");
        host.awaitLineContaining("event loaded greeter 1.1.0");
        assertThat(host.jvm().lines()).as("nothing said the paused copy was a bad jar")
                .noneMatch(line -> line.text().startsWith("event rejected") || line.text().contains("not a valid"));
        assertThat(host.stats().failures()).as("failed calls: %s", host.failedCalls()).isZero();
    }

    @Test
    void theActiveJarRewrittenSlowlyInPlaceKeepsServingUntilTheNewContentIsComplete() {
        Path active = GreeterPlugin.version("1.0.0").writeTo(plugins);
        Host host = Host.start(jvms, Host.withAgentOn(plugins));
        host.awaitEveryCallerAnsweredBy("1.0.0");

        PluginFiles.SlowCopy copy = PluginFiles.startCopy(GreeterPlugin.version("1.0.0", "1.0.0-patched").bytes(),
                active).stall(STALL);
        int beforeCompletion = host.jvm().mark();
        copy.finish();

        host.awaitEveryCallerAnsweredBy("1.0.0-patched");
        ChildJvm.Line closed = host.jvm().awaitLine("the line 'closed 1.0.0'", "closed 1.0.0"::equals);
        assertThat(closed.index()).as("the first build served until the copy completed")
                .isGreaterThan(beforeCompletion);
        assertThat(host.stats().failures()).as("failed calls: %s", host.failedCalls()).isZero();
    }
}

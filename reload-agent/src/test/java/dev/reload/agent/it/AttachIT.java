package dev.reload.agent.it;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.VirtualMachine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The agent loaded into a JVM that is already running, with the attach API, as {@code ReloadAgent.agentmain}. */
class AttachIT {

    @RegisterExtension
    final ChildJvms jvms = new ChildJvms();

    private final Path temp = jvms.temp();
    private final Path plugins = jvms.plugins();

    @Test
    void attachingTheAgentToARunningApplicationServesTheProxiesItAlreadyHolds() throws Exception {
        GreeterPlugin.version("1.0.0").writeTo(plugins);
        Host host = Host.start(jvms, Host.withoutAgent(Host.agentJar()).jvmOption("-Djava.io.tmpdir=" + temp));
        assertThat(host.firstCall()).contains("ServiceUnavailableException", "no reload runtime is running");

        loadAgent(host, "plugins=" + plugins + ",settleTime=50ms");

        host.awaitEveryCallerAnsweredBy("1.0.0");
        GreeterPlugin.version("1.1.0").moveInto(plugins);
        host.awaitEveryCallerAnsweredBy("1.1.0");
    }

    @Test
    void attachingWithABadOptionFailsTheAttachAndLeavesTheApplicationRunning() throws Exception {
        Host host = Host.start(jvms, Host.withoutAgent(Host.agentJar()));
        host.firstCall();

        Throwable attach = catchThrowable(() -> loadAgent(host, "bogus=1"));

        assertThat(host.stats().calls()).as("a running application answers after the attach").isZero();
        assertThat(attach).as("the attach reports the bad option").isInstanceOf(AgentInitializationException.class);
        host.awaitLineContaining("unknown option 'bogus'");
    }

    @Test
    void attachingASecondRuntimeFailsTheAttachAndLeavesTheRunningOneServing() throws Exception {
        GreeterPlugin.version("1.0.0").writeTo(plugins);
        Host host = Host.start(jvms, Host.withAgentOn(plugins));
        host.awaitEveryCallerAnsweredBy("1.0.0");

        Throwable attach = catchThrowable(() -> loadAgent(host, "plugins=" + temp.resolve("other-plugins")));

        assertThat(host.stats().failures()).as("a running application answers after the attach").isZero();
        assertThat(attach).as("the attach reports that a runtime already runs")
                .isInstanceOf(AgentInitializationException.class);
        host.awaitLineContaining("a reload runtime is already running on " + plugins);
        GreeterPlugin.version("1.1.0").moveInto(plugins);
        host.awaitEveryCallerAnsweredBy("1.1.0");
        assertThat(host.stats().failures()).isZero();
    }

    private static void loadAgent(Host host, String options) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(String.valueOf(host.jvm().pid()));
        try {
            vm.loadAgent(Host.agentJar().toString(), options);
        } finally {
            try {
                vm.detach();
            } catch (IOException ignored) {
                // The target is gone.
            }
        }
    }
}

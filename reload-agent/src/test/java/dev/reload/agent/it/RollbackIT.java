package dev.reload.agent.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Removing jars: the highest version left serves; with none left, calls fail clearly until a jar comes back. */
class RollbackIT {

    @RegisterExtension
    final ChildJvms jvms = new ChildJvms();

    private final Path temp = jvms.temp();
    private final Path plugins = jvms.plugins();

    @Test
    void deletingTheActiveJarRollsBackToTheHighestRemainingVersion() {
        GreeterPlugin.version("1.0.0").writeTo(plugins);
        GreeterPlugin.version("1.0.5").writeTo(plugins);
        Path active = GreeterPlugin.version("1.1.0").writeTo(plugins);
        Host host = Host.start(jvms, Host.withAgentOn(plugins));
        assertThat(host.firstCall()).isEqualTo("answered 1.1.0:main");
        host.awaitEveryCallerAnsweredBy("1.1.0");

        PluginFiles.delete(active);

        host.awaitEveryCallerAnsweredBy("1.0.5");
        host.awaitLineContaining("[reload] greeter: swapped 1.1.0 -> 1.0.5 (greeter-1.0.5.jar)");
        host.jvm().awaitLine("the line 'closed 1.1.0'", "closed 1.1.0"::equals);
        assertThat(host.callerReports()).noneMatch(r -> r.endsWith(" answered by 1.0.0"));
        assertThat(host.stats().failures()).as("failed calls: %s", host.failedCalls()).isZero();
    }

    @Test
    void deletingEveryJarMakesCallsThrowServiceUnavailableUntilAJarComesBack() {
        Path only = GreeterPlugin.version("1.0.0").writeTo(plugins);
        Host host = Host.start(jvms, Host.withAgentOn(plugins));
        host.awaitEveryCallerAnsweredBy("1.0.0");

        PluginFiles.delete(only);

        host.awaitEveryCallerFailing("dev.reload.api.ServiceUnavailableException: ",
                "no implementation of dev.reload.testkit.Greeter is active", plugins.toString());
        host.awaitLineContaining("event swapped dev.reload.testkit.Greeter 1.0.0 -> none");
        host.awaitLineContaining("[reload] greeter 1.0.0: no jar left, its services are unavailable");
        host.jvm().awaitLine("the line 'closed 1.0.0'", "closed 1.0.0"::equals);
        assertThat(host.describeProxy())
                .isEqualTo("ReloadProxy[dev.reload.testkit.Greeter, no active implementation]");

        GreeterPlugin.version("1.2.0").moveInto(plugins);

        host.awaitEveryCallerAnsweredBy("1.2.0");
        host.awaitLineContaining("event swapped dev.reload.testkit.Greeter none -> 1.2.0");
        assertThat(host.failedCalls()).allMatch(r -> r.contains("ServiceUnavailableException"));
    }
}

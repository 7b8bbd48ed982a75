package dev.reload.agent.it;

import dev.reload.testkit.JdbcGreeters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With the agent, a plugin that bundles its JDBC driver and reaches it only through
 * {@code DriverManager.getConnection} is served by every version, each through its own driver, and a retired
 * version's driver does not keep it loaded.
 */
class JdbcIT {

    @RegisterExtension
    final ChildJvms jvms = new ChildJvms();

    private final Path plugins = jvms.plugins();

    @Test
    void theNextVersionOfAPluginThatBundlesItsDriverIsServedThroughItsOwnDriver() {
        JdbcGreeters.version("greeter", "1.0.0").writeTo(plugins);
        Host host = Host.start(jvms, Host.withAgentOn(plugins));
        assertThat(host.firstCall()).isEqualTo("answered 1.0.0:main");
        host.awaitEveryCallerAnsweredBy("1.0.0");

        PluginFiles.moveInto(plugins, "greeter-2.0.0.jar", JdbcGreeters.version("greeter", "2.0.0").bytes());
        host.awaitEveryCallerAnsweredBy("2.0.0");
        host.awaitLineContaining("greeter 1.0.0: deregistered JDBC driver plugin.ReloadTestDriver");
        await("the unloading of greeter 1.0.0").atMost(ChildJvm.WAIT).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    host.gc();
                    return host.jvm().find(l -> l.equals("event unloaded greeter 1.0.0")).isPresent();
                });

        assertThat(host.stats().failures()).as("failed calls: %s", host.failedCalls()).isZero();
    }
}

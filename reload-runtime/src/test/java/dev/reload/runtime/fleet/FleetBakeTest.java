package dev.reload.runtime.fleet;

import dev.reload.api.ServiceRegistry;
import dev.reload.runtime.manage.FleetMXBean;
import dev.reload.runtime.manage.FollowedStatus;
import dev.reload.runtime.manage.ManagementNames;
import dev.reload.testkit.Greeter;
import dev.reload.testkit.Greeters;
import dev.reload.testkit.PluginJar;
import dev.reload.testkit.RuntimeFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.management.JMX;
import javax.management.MBeanServer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A version the repository installed that fails its bake: the node swaps back, and what it follows lists the version
 * as bad while its jar stays as it was, so the mark holds.
 */
class FleetBakeTest {

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

    @Test
    void aFollowedVersionThatFailsItsBakeIsListedBadAndItsJarStays() throws Exception {
        FileRepository repository = new FileRepository(fixture.root().resolve("repository"), "com.acme");
        repository.publish("greeter", "1.0.0", null, "jar", Greeters.version("1.0.0").bytes());
        Path fleetFile = Files.writeString(fixture.root().resolve("fleet.properties"),
                "repository=" + repository.root().toUri() + "\nnode=web-01\npoll=200ms\n"
                        + "artifact.greeter=com.acme:greeter:[1.0,2.0)\n");
        fixture.start(fixture.options().withBake(Duration.ofSeconds(60)).withFleet(fleetFile));
        Greeter greeter = ServiceRegistry.get(Greeter.class);
        fixture.awaitServing(greeter, "1.0.0");

        repository.publish("greeter", "1.1.0", null, "jar", failing("1.1.0").bytes());
        await().atMost(RuntimeFixture.WAIT).ignoreExceptions().until(() -> greeter.greet("ok").equals("1.1.0:ok"));
        // Calls as an application does, failures and all, until the bake swaps back.
        await().atMost(RuntimeFixture.WAIT).pollInterval(Duration.ofMillis(1)).until(() -> {
            try {
                return greeter.greet("x").equals("1.0.0:x");
            } catch (IllegalStateException e) {
                return false;
            }
        });

        await().atMost(RuntimeFixture.WAIT).until(() -> server.isRegistered(ManagementNames.FLEET));
        FleetMXBean fleet = JMX.newMXBeanProxy(server, ManagementNames.FLEET, FleetMXBean.class);
        await().atMost(RuntimeFixture.WAIT).until(() -> fleet.getFollowed().get(0).getBad().equals(List.of("1.1.0")));
        // Polls every 200 ms: none of them replaces the marked jar, which would clear its mark.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> greeter.greet("x").equals("1.0.0:x"));
        FollowedStatus followed = fleet.getFollowed().get(0);
        assertThat(followed.getBad()).containsExactly("1.1.0");
        assertThat(followed.getInstalled()).isEqualTo("1.1.0");
        assertThat(fixture.plugins().resolve("greeter-1.1.0.jar")).exists();
    }
}

package dev.reload.agent.it;

import dev.reload.testkit.PluginJar;
import dev.reload.testkit.Shops;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application in a class loader of its own, started by a launcher: the agent starts before that loader exists,
 * and follows the application's interfaces to it.
 */
class LauncherIT {

    private static final String MAIN = """
            package app;
            public class Main {
                public static void main(String[] args) throws Exception {
                    Shop shop = dev.reload.api.ServiceRegistry.get(Shop.class);
                    System.out.println("first call " + shop.name());
                    java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in));
                    for (String line; (line = in.readLine()) != null; ) {
                        try {
                            System.out.println("answered " + shop.name());
                        } catch (RuntimeException e) {
                            System.out.println("failed " + e);
                        }
                    }
                }
            }
            """;

    @RegisterExtension
    final ChildJvms jvms = new ChildJvms();

    private final Path plugins = jvms.plugins();

    private Path applicationJar() throws IOException {
        return Shops.applicationJar("app.Main", MAIN).writeTo(Files.createDirectories(jvms.temp().resolve("app")));
    }

    private static PluginJar shop(String version, Path applicationJar) {
        return Shops.version(version, applicationJar);
    }

    @Test
    void aJarPresentAtStartServesTheFirstCallOfAnApplicationInItsOwnClassLoader() throws IOException {
        Path application = applicationJar();
        shop("1.0.0", application).writeTo(plugins);

        ChildJvm app = jvms.start(ChildJvm.launch(LauncherApp.class, application.toString(), "app.Main")
                .javaagent(Host.agentJar(), "plugins=" + plugins + ",settleTime=50ms")
                .classpath(Host.codeSource(LauncherApp.class)));

        app.awaitLineContaining("first call 1.0.0");
        assertThat(app.stderr()).noneMatch(line -> line.contains("rejected"));
        app.awaitLineContaining("shop-1.0.0.jar waits for the application's class loader");

        shop("2.0.0", application).moveInto(plugins);
        app.awaitLineContaining("[reload] shop: swapped 1.0.0 -> 2.0.0");
        app.send("call");
        app.awaitLineContaining("answered 2.0.0");
    }
}

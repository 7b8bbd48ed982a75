package dev.reload.agent.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application that is a named module, on the module path with the reload-api jar, run with the agent: the API
 * classes it calls come from the module {@code dev.reload.api} (the agent's own copy on the class path is shadowed
 * by it, so application and runtime share one {@code ServiceRegistry}), and plugins implement an interface its
 * module exports. Such a JVM resolves only the modules the application needs: the runtime copes without
 * {@code java.sql}, and asks for {@code --add-modules jdk.unsupported} when it watches the directory.
 */
class ModularAppIT {

    @RegisterExtension
    final ChildJvms jvms = new ChildJvms();

    private final Path plugins = jvms.plugins();

    private static final String EXPORTS = """
            requires dev.reload.api;
            exports modular.host.service;""";

    @Test
    void aModuleThatRequiresTheApiCallsAPluginAndMovesToItsNextVersion() {
        ModularApp app = ModularApp.build(jvms.temp(), EXPORTS, false);
        GreeterPlugin.implementing(ModularApp.SERVICE, app.jar(), "1.0.0").writeTo(plugins);

        ChildJvm jvm = jvms.start(app.withAgentOn(plugins).jvmOption("--add-modules=jdk.unsupported"));

        jvm.awaitLine("the modules line", "modules modular.host dev.reload.api"::equals);
        jvm.awaitLine("the first answer", "answered 1.0.0:world"::equals);
        jvm.awaitLineContaining("[reload] watching", "rescanning on SIGHUP");

        GreeterPlugin.implementing(ModularApp.SERVICE, app.jar(), "2.0.0").moveInto(plugins);

        jvm.awaitLine("the answer of the next version", "answered 2.0.0:world"::equals);
        jvm.awaitLineContaining("event Swapped[service=interface " + ModularApp.SERVICE
                + ", fromVersion=1.0.0, toVersion=2.0.0]");
        jvm.awaitLine("the old version's close", "closed 1.0.0"::equals);
        // The JVM runs without java.sql, which the retirement's JDBC clean-up takes as "no drivers".
        jvm.awaitLineContaining("[reload] greeter 1.0.0: retired, calls drained and instances closed");
        assertThat(jvm.stdout(l -> l.startsWith("failed: "))).isEmpty();
        assertThat(jvm.lines()).noneMatch(l -> l.text().contains("Error"));
    }

    @Test
    void anOpenModuleGetsAProxyThatReachesTheRuntime() {
        ModularApp app = ModularApp.build(jvms.temp(), EXPORTS, true);
        GreeterPlugin.implementing(ModularApp.SERVICE, app.jar(), "1.0.0").writeTo(plugins);

        ChildJvm jvm = jvms.start(app.withAgentOn(plugins).jvmOption("--add-modules=jdk.unsupported"));

        // A proxy defined in the open package would belong to modular.host, which does not read the agent's classes.
        jvm.awaitLine("the first answer", "answered 1.0.0:world"::equals);
        GreeterPlugin.implementing(ModularApp.SERVICE, app.jar(), "2.0.0").moveInto(plugins);
        jvm.awaitLine("the answer of the next version", "answered 2.0.0:world"::equals);
        assertThat(jvm.stdout(l -> l.startsWith("failed: "))).isEmpty();
    }

    @Test
    void withoutJdkUnsupportedTheAgentStopsTheJvmNamingTheFlagThatWatchingNeeds() {
        ModularApp app = ModularApp.build(jvms.temp(), EXPORTS, false);
        GreeterPlugin.implementing(ModularApp.SERVICE, app.jar(), "1.0.0").writeTo(plugins);

        ChildJvm jvm = jvms.start(app.withAgentOn(plugins));

        assertThat(jvm.awaitExit()).isEqualTo(3);
        assertThat(jvm.stderr()).anyMatch(l -> l.startsWith("reload-agent: ")
                && l.contains("jdk.unsupported") && l.contains("--add-modules jdk.unsupported"));
        assertThat(jvm.stdout(l -> l.startsWith("answered "))).isEmpty();
    }

    @Test
    void withoutJdkUnsupportedButWithPollingInsteadOfWatchingTheApplicationRunsWithoutSighup() {
        ModularApp app = ModularApp.build(jvms.temp(), EXPORTS, false);
        GreeterPlugin.implementing(ModularApp.SERVICE, app.jar(), "1.0.0").writeTo(plugins);

        ChildJvm jvm = jvms.start(app.withAgentOn(plugins, "watch=false", "poll=100ms"));

        jvm.awaitLine("the first answer", "answered 1.0.0:world"::equals);
        jvm.awaitLineContaining("SIGHUP cannot be used to rescan", "--add-modules jdk.unsupported");
        GreeterPlugin.implementing(ModularApp.SERVICE, app.jar(), "2.0.0").moveInto(plugins);
        jvm.awaitLine("the answer of the next version", "answered 2.0.0:world"::equals);
        jvm.awaitLineContaining("[reload] greeter 1.0.0: retired, calls drained and instances closed");
        assertThat(jvm.stdout(l -> l.startsWith("failed: "))).isEmpty();
    }
}

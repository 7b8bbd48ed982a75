package dev.reload.agent.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The agent never keeps the application's JVM from exiting and leaves nothing behind when it does; a JVM killed
 * outright mid-swap starts again on the right version.
 */
class ExitIT {

    @RegisterExtension
    final ChildJvms jvms = new ChildJvms();

    private final Path temp = jvms.temp();
    private final Path plugins = jvms.plugins();

    @Test
    void theRuntimesThreadsNeverKeepTheJvmAliveAfterMainReturns() {
        GreeterPlugin.version("1.0.0").writeTo(plugins);
        Host host = Host.start(jvms, Host.withAgentOn(plugins));
        host.awaitEveryCallerAnsweredBy("1.0.0");

        assertThat(host.quit()).isZero();
    }

    @Test
    void theRuntimesCopiesOfThePluginJarsAreRemovedWhenTheJvmExits() throws IOException {
        GreeterPlugin.version("1.0.0").writeTo(plugins);
        Host host = Host.start(jvms, Host.withAgentOn(plugins));
        host.awaitEveryCallerAnsweredBy("1.0.0");

        assertThat(host.quit()).isZero();

        try (Stream<Path> left = Files.walk(plugins.resolveSibling(Host.CHILD_TMP))) {
            assertThat(left.filter(Files::isRegularFile)).as("files the child left in its temporary directory")
                    .isEmpty();
        }
    }

    @Test
    void aJvmKilledInTheMiddleOfASwapStartsAgainOnTheRightVersionWithNothingLeftHalfWritten() throws Exception {
        GreeterPlugin.version("1.0.0").writeTo(plugins);
        Host first = Host.start(jvms, Host.withAgentOn(plugins));
        first.awaitEveryCallerAnsweredBy("1.0.0");
        long firstPid = first.jvm().pid();

        Path release = temp.resolve("release-constructor");
        PluginFiles.moveInto(plugins, "greeter-2.0.0.jar",
                GreeterPlugin.withConstructorWaitingFor("2.0.0", release).bytes());
        // The runtime copies a jar before it instantiates it: once the copy is there, the swap is under way.
        await().atMost(Duration.ofSeconds(25)).until(() -> copiesOf(firstPid).stream().anyMatch(dir ->
                Files.exists(dir) && listNames(dir).stream().anyMatch(n -> n.startsWith("greeter-2.0.0"))));
        first.jvm().kill();
        assertThat(copiesOf(firstPid)).as("a killed JVM runs no cleanup").isNotEmpty();

        Files.createFile(release);
        Host second = Host.start(jvms, Host.withAgentOn(plugins));

        assertThat(second.firstCall()).isEqualTo("answered 2.0.0:main");
        assertThat(listNames(plugins)).containsExactlyInAnyOrder("greeter-1.0.0.jar", "greeter-2.0.0.jar");
        assertThat(copiesOf(firstPid)).as("the killed JVM's copies, removed by the next runtime").isEmpty();
        assertThat(copiesOf(second.jvm().pid())).as("the second JVM's own copies").isNotEmpty();
    }

    private static List<String> listNames(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the directories of the runtime's copies of the jars that the JVM {@code pid} made */
    private List<Path> copiesOf(long pid) throws IOException {
        try (Stream<Path> dirs = Files.list(plugins.resolveSibling(Host.CHILD_TMP))) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("reload-jars-" + pid + "-"))
                    .collect(Collectors.toList());
        }
    }
}

package dev.reload.agent.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent's options: a deployment with a wrong one stops before {@code main} with a message naming it, rather than
 * run without its plugins; the plugins directory is created when missing.
 */
class AgentOptionsIT {

    /** The exit status of a JVM whose agent options are wrong. */
    private static final int BAD_OPTIONS = 2;
    /** The exit status of a JVM whose plugins directory cannot be used. */
    private static final int CANNOT_START = 3;

    @RegisterExtension
    final ChildJvms jvms = new ChildJvms();

    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "bogus=1              | unknown option 'bogus'",
            "drainTimeout=abc     | option 'drainTimeout' has a bad value 'abc'",
            "settleTime=soon      | option 'settleTime' has a bad value 'soon'",
            "drainTimeout=0s      | option 'drainTimeout' must be greater than zero",
            "plugins              | option 'plugins' has no value",
    })
    void aBadOptionStopsTheJvmBeforeMainWithAMessageNamingIt(String options, String message) {
        ChildJvm jvm = jvms.start(Host.withAgent(options).workingDirectory(temp));

        assertThat(jvm.awaitExit()).isEqualTo(BAD_OPTIONS);
        assertThat(jvm.stderr()).anyMatch(line -> line.startsWith("reload-agent: " + message));
        assertThat(jvm.stdout(line -> true)).as("main must never run").isEmpty();
        assertThat(temp.resolve("plugins")).doesNotExist();
    }

    @Test
    void aPluginsDirectoryThatDoesNotExistIsCreatedAndWatched() {
        Path plugins = temp.resolve("not").resolve("yet").resolve("plugins");

        Host host = Host.start(jvms, Host.withAgent("plugins=" + plugins + ",settleTime=50ms")
                .jvmOption("-Djava.io.tmpdir=" + temp));

        assertThat(host.firstCall()).startsWith("failed: dev.reload.api.ServiceUnavailableException: ")
                .contains("dev.reload.testkit.Greeter", plugins.toString());
        host.awaitLineContaining("[reload] created the plugins directory " + plugins);
        assertThat(plugins).isDirectory();
        GreeterPlugin.version("1.0.0").moveInto(plugins);
        host.awaitEveryCallerAnsweredBy("1.0.0");
    }

    @Test
    void aPluginsPathThatIsAFileStopsTheJvmBeforeMain() throws IOException {
        Path file = Files.writeString(temp.resolve("plugins"), "not a directory");

        ChildJvm jvm = jvms.start(Host.withAgent("plugins=" + file));

        assertThat(jvm.awaitExit()).isEqualTo(CANNOT_START);
        assertThat(jvm.stderr()).anyMatch(l -> l.startsWith("reload-agent: cannot start reload on " + file));
        assertThat(jvm.stdout(line -> true)).as("main must never run").isEmpty();
    }
}

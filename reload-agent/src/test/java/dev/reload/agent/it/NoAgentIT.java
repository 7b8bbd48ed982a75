package dev.reload.agent.it;

import dev.reload.api.ServiceRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/** An application started without the agent gets a proxy whose calls say how to start the JVM with it. */
class NoAgentIT {

    private static final String SERVICE_FILE = "META-INF/services/dev.reload.api.spi.ReloadBackend";

    @RegisterExtension
    final ChildJvms jvms = new ChildJvms();

    @Test
    void withOnlyTheApiOnTheClassPathACallThrowsServiceUnavailableNamingTheAgent() {
        Host host = Host.start(jvms, Host.withoutAgent(apiWithoutRuntime()));

        assertThat(host.firstCall()).startsWith("failed: dev.reload.api.ServiceUnavailableException: ")
                .contains("dev.reload.testkit.Greeter", "-javaagent:reload-agent.jar");
        host.awaitEveryCallerFailing("dev.reload.api.ServiceUnavailableException: ", "-javaagent:reload-agent.jar");
        assertThat(host.quit()).isZero();
    }

    @Test
    void withTheAgentJarOnTheClassPathButNotAsAnAgentACallSaysToStartTheJvmWithTheAgent() {
        Host host = Host.start(jvms, Host.withoutAgent(Host.agentJar()));

        assertThat(host.firstCall()).startsWith("failed: dev.reload.api.ServiceUnavailableException: ")
                .contains("dev.reload.testkit.Greeter", "no reload runtime is running", "-javaagent:reload-agent.jar");
        assertThat(host.describeProxy())
                .isEqualTo("ReloadProxy[dev.reload.testkit.Greeter, no active implementation]");
        assertThat(host.quit()).isZero();
    }

    /**
     * The class path entry of the test JVM that holds the API and no runtime: the reload-api jar, or its classes
     * directory in a reactor build. Checked, because the shaded agent jar holds the API too.
     */
    private static Path apiWithoutRuntime() {
        try {
            for (URL url : Collections.list(ServiceRegistry.class.getClassLoader()
                    .getResources("dev/reload/api/ServiceRegistry.class"))) {
                Path entry = classpathEntry(url);
                if (!holds(entry, SERVICE_FILE)) {
                    return entry;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no class path entry of the test JVM holds the API without the runtime");
    }

    private static Path classpathEntry(URL classFile) throws IOException {
        try {
            if (classFile.getProtocol().equals("jar")) {
                return Path.of(((JarURLConnection) classFile.openConnection()).getJarFileURL().toURI());
            }
            Path path = Path.of(classFile.toURI());
            return path.getParent().getParent().getParent().getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean holds(Path entry, String resource) throws IOException {
        if (Files.isDirectory(entry)) {
            return Files.exists(entry.resolve(resource));
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            return jar.getEntry(resource) != null;
        }
    }
}

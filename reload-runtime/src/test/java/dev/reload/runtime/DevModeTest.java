package dev.reload.runtime;

import dev.reload.api.ServiceRegistry;
import dev.reload.testkit.Greeter;
import dev.reload.testkit.Greeters;
import dev.reload.testkit.PluginJar;
import dev.reload.testkit.RuntimeFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exploded plugins through the running engine: a generation that fails is refused and the one before it serves on,
 * and the jar checks that apply to a directory apply.
 */
class DevModeTest {

    @RegisterExtension
    final RuntimeFixture fixture = new RuntimeFixture();

    private final Path plugins = fixture.plugins();
    private final Path greeter = plugins.resolve("greeter");

    private ReloadOptions devMode() {
        return fixture.options().withDevMode(true).withDevQuietPeriod(Duration.ofMillis(50));
    }

    @Test
    void aGenerationWhoseConstructorThrowsIsRefusedAndThePreviousOneServesOnUntilTheNextCompile() throws IOException {
        explode(Greeters.version("greeter", "edit1", ""), greeter);
        fixture.start(devMode());
        Greeter proxy = ServiceRegistry.get(Greeter.class);
        fixture.awaitServing(proxy, "edit1");

        explode(Greeters.version("greeter", "edit2", "public Greeter_greeter_edit2() { "
                + "throw new IllegalStateException(\"half-done\"); }"), greeter);
        fixture.awaitRejected(greeter, "constructor", "half-done");
        assertThat(proxy.greet("x")).isEqualTo("edit1:x");

        explode(Greeters.version("greeter", "edit3", ""), greeter);
        fixture.awaitServing(proxy, "edit3");
    }

    @Test
    void aTreeOthersCanWriteToIsRefused() throws IOException {
        Greeters.version("1.0.0").writeTo(plugins);
        explode(Greeters.version("greeter", "edit1", ""), greeter);
        Files.setPosixFilePermissions(greeter.resolve("plugin"), PosixFilePermissions.fromString("rwxrwxrwx"));
        fixture.start(devMode());
        Greeter proxy = ServiceRegistry.get(Greeter.class);

        fixture.awaitRejected(greeter, "chmod go-w");
        assertThat(proxy.greet("x")).isEqualTo("1.0.0:x");
    }

    /** Writes the jar's entries as files under {@code directory}, as a compiler's output directory holds them. */
    private static void explode(PluginJar jar, Path directory) throws IOException {
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar.bytes()))) {
            for (JarEntry entry; (entry = in.getNextJarEntry()) != null; ) {
                Path file = directory.resolve(entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(file);
                } else {
                    Files.createDirectories(file.getParent());
                    Files.write(file, in.readAllBytes());
                }
            }
        }
    }
}

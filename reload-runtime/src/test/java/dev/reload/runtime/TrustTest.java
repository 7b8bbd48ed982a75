package dev.reload.runtime;

import dev.reload.api.ReloadEvent;
import dev.reload.api.ServiceRegistry;
import dev.reload.testkit.Greeter;
import dev.reload.testkit.Greeters;
import dev.reload.testkit.RuntimeFixture;
import dev.reload.testkit.Signing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Only jars that belong there load: permissions and signatures, through the running engine. */
class TrustTest {

    private static final Duration WAIT = RuntimeFixture.WAIT;

    @RegisterExtension
    final RuntimeFixture fixture = new RuntimeFixture();

    private final Path dir = fixture.root();
    private final Path plugins = fixture.plugins();
    private final List<ReloadEvent> events = fixture.events();

    private ReloadOptions options() {
        return fixture.options();
    }

    private void awaitRejected(Path file, String... causes) {
        fixture.awaitRejected(file, causes);
    }

    private Path drop(String name, byte[] content) throws Exception {
        Path staging = Files.write(dir.resolve(".staging"), content);
        return Files.move(staging, plugins.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void aPluginsDirectoryOthersCanWriteToIsAStartUpErrorThatSaysHowToFixIt() throws Exception {
        Files.setPosixFilePermissions(plugins, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> ReloadRuntime.start(options()))
                .hasMessageContaining(plugins.toString()).hasMessageContaining("chmod go-w")
                .hasMessageContaining("strictPermissions=false");
        fixture.start(options().withStrictPermissions(false));
    }

    @Test
    void aJarOthersCanWriteToIsRefusedUnlessTheCheckIsOff() throws Exception {
        Greeters.version("1.0.0").writeTo(plugins);
        fixture.start(options());
        Greeter greeter = ServiceRegistry.get(Greeter.class);
        Path jar = Files.write(dir.resolve("greeter-2.0.0.jar"), Greeters.version("2.0.0").bytes());
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-rw-rw-"));
        Path dropped = Files.move(jar, plugins.resolve(jar.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        awaitRejected(dropped, "chmod go-w", "strictPermissions=false");
        assertThat(greeter.greet("x")).isEqualTo("1.0.0:x");

        Files.setPosixFilePermissions(dropped, PosixFilePermissions.fromString("rw-r--r--"));
        await().atMost(WAIT).until(() -> greeter.greet("x").equals("2.0.0:x"));
    }

    @Test
    void withATrustStoreOnlyJarsSignedByATrustedCertificateLoad() throws Exception {
        Signing signing = Signing.create(Files.createDirectories(dir.resolve("keys")));
        drop("greeter-1.0.0.jar", signing.signedByPublisher(Greeters.version("1.0.0").bytes()));
        fixture.start(options().withTrustStore(signing.trustStore())
                .withTrustStorePassword(Signing.PASSWORD));
        Greeter greeter = ServiceRegistry.get(Greeter.class);
        assertThat(greeter.greet("x")).isEqualTo("1.0.0:x");

        Path unsigned = drop("greeter-2.0.0.jar", Greeters.version("2.0.0").bytes());
        awaitRejected(unsigned, "not signed", "trustStore");
        Path stranger = drop("greeter-3.0.0.jar", signing.signedByStranger(Greeters.version("3.0.0").bytes()));
        awaitRejected(stranger, "CN=Stranger", "trustStore");
        assertThat(greeter.greet("x")).isEqualTo("1.0.0:x");

        drop("greeter-4.0.0.jar", signing.signedByPublisher(Greeters.version("4.0.0").bytes()));
        await().atMost(WAIT).until(() -> greeter.greet("x").equals("4.0.0:x"));
    }
}

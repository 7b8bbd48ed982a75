package dev.reload.runtime;

import dev.reload.api.ReloadEvent;
import dev.reload.api.ServiceRegistry;
import dev.reload.testkit.Greeter;
import dev.reload.testkit.Greeters;
import dev.reload.testkit.PluginJar;
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

    /**
     * The JDK's class loader would follow a Class-Path itself, reading the jars it names from where they lie, at the
     * first class the plugin jar lacks: neither copied nor checked, whoever signed them.
     */
    @Test
    void withATrustStoreAPluginNamingJarsOnItsClassPathIsRefusedWhetherThoseAreSignedOrNot() throws Exception {
        Signing signing = Signing.create(Files.createDirectories(dir.resolve("keys")));
        Path libs = Files.createDirectories(dir.resolve("libs"));
        Path unsignedLib = Files.write(libs.resolve("helper-unsigned.jar"), helper("unsigned").bytes());
        Path signedLib = Files.write(libs.resolve("helper-signed.jar"),
                signing.signedByPublisher(helper("signed").bytes()));
        drop("greeter-1.0.0.jar", signing.signedByPublisher(Greeters.version("1.0.0").bytes()));
        fixture.start(options().withTrustStore(signing.trustStore())
                .withTrustStorePassword(Signing.PASSWORD));
        Greeter greeter = ServiceRegistry.get(Greeter.class);

        Path withUnsigned = drop("greeter-2.0.0.jar",
                signing.signedByPublisher(greeterUsingHelper("2.0.0", unsignedLib).bytes()));
        awaitRejected(withUnsigned, "Class-Path names " + unsignedLib.toUri(), "trustStore", "bundle");
        Path withSigned = drop("greeter-3.0.0.jar",
                signing.signedByPublisher(greeterUsingHelper("3.0.0", signedLib).bytes()));
        awaitRejected(withSigned, "Class-Path names " + signedLib.toUri(), "trustStore", "bundle");
        assertThat(greeter.greet("x")).isEqualTo("1.0.0:x");
    }

    private static PluginJar helper(String origin) {
        return PluginJar.named("helper.jar").source("lib.Helper",
                "package lib; public class Helper { public static String origin() { return \"" + origin + "\"; } }");
    }

    /** Reaches the helper by name, so that the linkage check cannot refuse the jar for a class it lacks. */
    private static PluginJar greeterUsingHelper(String version, Path helperJar) {
        return PluginJar.named("greeter-" + version + ".jar")
                .classpath(Greeter.class)
                .source("plugin.HelpedGreeter", "package plugin;\n"
                        + "public class HelpedGreeter implements dev.reload.testkit.Greeter {\n"
                        + "  public String greet(String name) {\n"
                        + "    try {\n"
                        + "      Object origin = Class.forName(\"lib.Helper\", true, getClass().getClassLoader())\n"
                        + "          .getMethod(\"origin\").invoke(null);\n"
                        + "      return \"" + version + ":\" + name + \" with \" + origin;\n"
                        + "    } catch (ReflectiveOperationException e) {\n"
                        + "      throw new IllegalStateException(e);\n"
                        + "    }\n"
                        + "  }\n"
                        + "}\n")
                .service(Greeter.class, "plugin.HelpedGreeter")
                .manifest("Class-Path", helperJar.toUri().toString());
    }
}

package dev.reload.runtime;

import dev.reload.api.ReloadEvent;
import dev.reload.runtime.plugin.JarLimits;
import dev.reload.runtime.plugin.PluginConfig;
import dev.reload.runtime.plugin.PluginCoordinates;
import dev.reload.runtime.plugin.PluginLoader;
import dev.reload.runtime.plugin.PluginRejectedException;
import dev.reload.testkit.Greeter;
import dev.reload.testkit.Greeters;
import dev.reload.testkit.PluginJar;
import dev.reload.testkit.RuntimeFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import java.util.Arrays;
import java.util.jar.JarInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Whatever lands in the plugins directory, the active version keeps serving, and the refusal names the file and the
 * cause. Each case drops a real file next to a serving version.
 */
class BadInputTest {

    @RegisterExtension
    final RuntimeFixture fixture = new RuntimeFixture();

    private Path plugins;
    private Greeter greeter;

    @BeforeEach
    void startWithVersionOne() {
        plugins = fixture.plugins();
        Greeters.version("1.0.0").writeTo(plugins);
    }

    private void start() {
        start(fixture.options());
    }

    private void start(ReloadOptions options) {
        fixture.start(options);
        greeter = dev.reload.api.ServiceRegistry.get(Greeter.class);
    }

    private Path drop(String name, byte[] content) throws Exception {
        Path staging = Files.write(fixture.root().resolve(".staging"), content);
        return Files.move(staging, plugins.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private void assertRefusedAndStillServing(Path file, String... causes) {
        fixture.awaitRejected(file, causes);
        assertThat(greeter.greet("x")).isEqualTo("1.0.0:x");
    }

    private static PluginJar impl(String name, String code) {
        return PluginJar.named(name).classpath(Greeter.class).source("bad.Impl", code)
                .service(Greeter.class, "bad.Impl");
    }

    @Test
    void anEmptyFile() throws Exception {
        start();
        assertRefusedAndStillServing(drop("greeter-2.0.0.jar", new byte[0]), "not a valid jar");
    }

    @Test
    void aJarWithACorruptEntry() throws Exception {
        start();
        byte[] jar = Greeters.version("2.0.0").bytes();
        byte[] name = "plugin/Greeter_greeter_2_0_0.class".getBytes(StandardCharsets.UTF_8);
        int at = indexOf(jar, name) + name.length + 8;
        for (int i = at; i < at + 24; i++) {
            jar[i] = (byte) ~jar[i];
        }
        assertRefusedAndStillServing(drop("greeter-2.0.0.jar", jar));
    }

    @Test
    void aClassCompiledForANewerJava() throws Exception {
        start();
        byte[] type = classBytes(Greeters.version("2.0.0").bytes(), "plugin/Greeter_greeter_2_0_0.class");
        type[6] = 0;
        type[7] = 99;
        byte[] jar = PluginJar.named("x.jar").entry("plugin/Greeter_greeter_2_0_0.class", type)
                .service(Greeter.class, "plugin.Greeter_greeter_2_0_0").bytes();
        assertRefusedAndStillServing(drop("greeter-2.0.0.jar", jar), "class file version 99");
    }

    @Test
    void anImplementationThatIsNotPublic() throws Exception {
        start();
        Path jar = impl("greeter-2.0.0.jar", "package bad; class Impl implements dev.reload.testkit.Greeter {"
                + " public String greet(String n) { return n; } }").moveInto(plugins);
        assertRefusedAndStillServing(jar, "bad.Impl", "not public");
    }

    @Test
    void anImplementationThatIsAbstract() throws Exception {
        start();
        Path jar = impl("greeter-2.0.0.jar", "package bad; public abstract class Impl"
                + " implements dev.reload.testkit.Greeter { public String greet(String n) { return n; } }")
                .moveInto(plugins);
        assertRefusedAndStillServing(jar, "bad.Impl", "abstract");
    }

    @Test
    void anImplementationWithoutAPublicNoArgumentConstructor() throws Exception {
        start();
        Path jar = impl("greeter-2.0.0.jar", "package bad; public class Impl implements dev.reload.testkit.Greeter {"
                + " public Impl(String s) { } public String greet(String n) { return n; } }").moveInto(plugins);
        assertRefusedAndStillServing(jar, "bad.Impl", "no public no-argument constructor");
    }

    @Test
    void aStaticInitializerThatThrows() throws Exception {
        start();
        Path jar = impl("greeter-2.0.0.jar", "package bad; public class Impl implements dev.reload.testkit.Greeter {"
                + " static { if (true) { throw new IllegalStateException(\"no config\"); } }"
                + " public String greet(String n) { return n; } }").moveInto(plugins);
        assertRefusedAndStillServing(jar, "static initializer of bad.Impl", "no config");
    }

    /** A helper class the implementation was compiled with, left out of the jar. */
    private byte[] jarMissingItsDependency() {
        byte[] full = PluginJar.named("x.jar").classpath(Greeter.class)
                .source("bad.Helper", "package bad; public class Helper { public String help() { return \"h\"; } }")
                .source("bad.Impl", "package bad; public class Impl implements dev.reload.testkit.Greeter {"
                        + " private final Helper helper = new Helper();"
                        + " public String greet(String n) { return helper.help(); } }")
                .bytes();
        return PluginJar.named("x.jar").entry("bad/Impl.class", classBytes(full, "bad/Impl.class"))
                .service(Greeter.class, "bad.Impl").bytes();
    }

    @Test
    void aMissingDependencyClassIsFoundBeforeTheSwap() throws Exception {
        start();
        assertRefusedAndStillServing(drop("greeter-2.0.0.jar", jarMissingItsDependency()), "bad.Helper");
    }

    @Test
    void aMissingDependencyClassIsFoundWhileInstantiatingWhenLinkageIsNotVerified() throws Exception {
        start(fixture.options().withVerifyLinkage(false));
        assertRefusedAndStillServing(drop("greeter-2.0.0.jar", jarMissingItsDependency()),
                "NoClassDefFoundError", "bad/Helper");
    }

    @Test
    void aManifestVersionThatIsNotAVersion() throws Exception {
        start();
        Path jar = Greeters.version("2.0.0").version("latest").moveInto(plugins);
        assertRefusedAndStillServing(jar, "latest", "is not a version");
    }

    @Test
    void aFileNameWithoutAVersion() throws Exception {
        start();
        assertRefusedAndStillServing(drop("greeter.jar", Greeters.version("2.0.0").bytes()),
                "<id>-<version>.jar");
    }

    @Test
    void twoFilesWithTheSameIdAndVersionServeTheFileNameThatSortsFirstAndAWarningNamesBoth() throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            start();
            drop("b-copy.jar", PluginJar.named("b").id("greeter").version("3.0.0").classpath(Greeter.class)
                    .source("b.Impl", "package b; public class Impl implements dev.reload.testkit.Greeter {"
                            + " public String greet(String n) { return \"b:\" + n; } }")
                    .service(Greeter.class, "b.Impl").bytes());
            drop("a-copy.jar", PluginJar.named("a").id("greeter").version("3.0.0").classpath(Greeter.class)
                    .source("a.Impl", "package a; public class Impl implements dev.reload.testkit.Greeter {"
                            + " public String greet(String n) { return \"a:\" + n; } }")
                    .service(Greeter.class, "a.Impl").bytes());
            await().atMost(RuntimeFixture.WAIT).ignoreExceptions()
                    .until(() -> greeter.greet("x").equals("a:x"));
            await().atMost(RuntimeFixture.WAIT).until(() -> err.toString(StandardCharsets.UTF_8)
                    .contains("a-copy.jar and b-copy.jar are both greeter 3.0.0; using a-copy.jar"));
        } finally {
            System.setErr(original);
        }
    }

    @Test
    void aDirectoryNamedLikeAJar() throws Exception {
        start();
        Path directory = Files.createDirectory(plugins.resolve("greeter-2.0.0.jar"));
        assertRefusedAndStillServing(directory, "a directory");
    }

    @Test
    void aSymbolicLinkLoopAndADanglingLink() throws Exception {
        start();
        Path loop = plugins.resolve("greeter-2.0.0.jar");
        Files.createSymbolicLink(loop, plugins.resolve("greeter-3.0.0.jar"));
        Path back = Files.createSymbolicLink(plugins.resolve("greeter-3.0.0.jar"), loop);
        assertRefusedAndStillServing(loop, "symbolic link that cannot be followed");
        assertRefusedAndStillServing(back, "symbolic link that cannot be followed");
        Path dangling = Files.createSymbolicLink(plugins.resolve("greeter-4.0.0.jar"), plugins.resolve("nowhere"));
        assertRefusedAndStillServing(dangling, "symbolic link to a file that does not exist");
    }

    @Test
    void aFileThatVanishesBeforeItIsRead() throws Exception {
        PluginLoader loader = new PluginLoader(getClass().getClassLoader(),
                Files.createDirectories(fixture.root().resolve("copies")), new JarLimits(10, 1_000_000), null, null,
                fixture.root().resolve("data"));
        Path gone = plugins.resolve("greeter-2.0.0.jar");
        assertThatThrownBy(() -> loader.load(gone, PluginCoordinates.of(gone.getFileName().toString(), null),
                PluginConfig.NONE))
                .isInstanceOf(PluginRejectedException.class)
                .hasMessageContaining("disappeared while it was being read");
    }

    @Test
    void aMissingPluginsDirectoryIsCreatedAtStart() throws Exception {
        Path missing = fixture.root().resolve("not-yet");
        start(fixture.options().withPlugins(missing));
        assertThat(missing).isDirectory();
        Greeters.version("5.0.0").moveInto(missing);
        await().atMost(RuntimeFixture.WAIT).ignoreExceptions().until(() -> greeter.greet("x").equals("5.0.0:x"));
    }

    @Test
    void aRefusedJarFixedInPlaceUnderTheSameNameLoads() throws Exception {
        start();
        Path jar = drop("greeter-2.0.0.jar", "broken".getBytes(StandardCharsets.UTF_8));
        assertRefusedAndStillServing(jar, "not a valid jar");
        drop("greeter-2.0.0.jar", Greeters.version("2.0.0").bytes());
        await().atMost(RuntimeFixture.WAIT).until(() -> greeter.greet("x").equals("2.0.0:x"));
        // Events reach listeners on a thread of their own, possibly after the first call the version serves.
        await().atMost(RuntimeFixture.WAIT).untilAsserted(() ->
                assertThat(fixture.events()).contains(new ReloadEvent.Loaded("greeter", "2.0.0")));
    }

    private static byte[] classBytes(byte[] jar, String entry) {
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            for (var e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                if (e.getName().equals(entry)) {
                    return in.readAllBytes();
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new IllegalArgumentException(entry + " not in the jar");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new IllegalArgumentException("not found");
    }

    @Test
    void anEntryThatInflatesPastItsDeclaredSize() throws Exception {
        start();
        byte[] honest = Greeters.version("2.0.0").entry("padding.txt", new byte[200_000]).bytes();
        byte[] lying = honest.clone();
        // Patch the central directory's uncompressed size of padding.txt down to 100 bytes.
        byte[] name = "padding.txt".getBytes(StandardCharsets.UTF_8);
        int central = lastIndexOf(lying, name) - 46;
        java.nio.ByteBuffer.wrap(lying, central + 24, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(100);
        assertRefusedAndStillServing(drop("greeter-2.0.0.jar", lying), "padding.txt", "inflates past");
    }

    private static int lastIndexOf(byte[] haystack, byte[] needle) {
        for (int i = haystack.length - needle.length; i >= 0; i--) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new IllegalArgumentException("not found");
    }
}

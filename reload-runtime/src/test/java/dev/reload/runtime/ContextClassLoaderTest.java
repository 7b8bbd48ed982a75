package dev.reload.runtime;

import dev.reload.api.ReloadEvent;
import dev.reload.api.ServiceRegistry;
import dev.reload.testkit.Counter;
import dev.reload.testkit.Greeter;
import dev.reload.testkit.PluginJar;
import dev.reload.testkit.Probe;
import dev.reload.testkit.RuntimeFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Plugin code the runtime runs (static initializers, constructors, {@code close()}, handover export and import) sees
 * the plugin's class loader as the thread's context class loader; calls into a plugin see it only when the plugin
 * asks with {@code Reload-Context-Class-Loader: plugin}, and the caller always gets its own back.
 */
class ContextClassLoaderTest {

    private static final Duration WAIT = RuntimeFixture.WAIT;
    private static final String ATTRIBUTE = "Reload-Context-Class-Loader";

    /** Plugin code that tells whose loader is the thread's context class loader: "plugin" or the other's name. */
    private static final String WHOSE = "  static String whose() {\n"
            + "    ClassLoader context = Thread.currentThread().getContextClassLoader();\n"
            + "    return context == CLASS.class.getClassLoader() ? \"plugin\""
            + " : context == null ? \"none\" : String.valueOf(context.getName());\n"
            + "  }\n";

    @RegisterExtension
    final RuntimeFixture fixture = new RuntimeFixture();

    private final Path plugins = fixture.plugins();
    private final List<ReloadEvent> events = fixture.events();
    private final ClassLoader caller = new URLClassLoader("caller", new URL[0], getClass().getClassLoader());
    private ClassLoader before;

    @BeforeEach
    void callFromALoaderOfTheCallersOwn() {
        Probe.arm();
        Probe.release();
        before = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(caller);
    }

    @AfterEach
    void putTheTestThreadsLoaderBack() {
        Thread.currentThread().setContextClassLoader(before);
    }

    /**
     * A greeter that records whose loader is the context class loader in its static initializer, constructor,
     * {@code close()}, {@code exportState()} and {@code importState()}, and answers {@code "<version>:<whose>"};
     * the name {@code "throw"} makes it throw.
     */
    private static PluginJar lifecycleGreeter(String version) {
        return PluginJar.named("lifecycle-" + version + ".jar").classpath(Greeter.class)
                .source("plugin.Lifecycle", ("package plugin;\n"
                        + "import dev.reload.testkit.Probe;\n"
                        + "public class Lifecycle implements dev.reload.testkit.Greeter, AutoCloseable,"
                        + " dev.reload.api.Handover<String> {\n"
                        + "  static { Probe.record(\"static VERSION \" + whose()); }\n"
                        + "  public Lifecycle() { Probe.record(\"constructor VERSION \" + whose()); }\n"
                        + "  public String greet(String name) {\n"
                        + "    if (name.equals(\"throw\")) {\n"
                        + "      throw new IllegalStateException(\"thrown by VERSION\");\n"
                        + "    }\n"
                        + "    return \"VERSION:\" + whose();\n"
                        + "  }\n"
                        + "  public void close() { Probe.record(\"close VERSION \" + whose()); }\n"
                        + "  public String exportState() {\n"
                        + "    Probe.record(\"export VERSION \" + whose());\n"
                        + "    return \"s\";\n"
                        + "  }\n"
                        + "  public void importState(String s) { Probe.record(\"import VERSION \" + whose()); }\n"
                        + WHOSE.replace("CLASS", "Lifecycle")
                        + "}\n").replace("VERSION", version))
                .service(Greeter.class, "plugin.Lifecycle");
    }

    private static void awaitAnswer(Greeter greeter, String answer) {
        await().atMost(WAIT).ignoreExceptions().until(() -> greeter.greet("x").equals(answer));
    }

    private List<String> recorded(String what) {
        return Probe.recorded().stream().filter(e -> e.startsWith(what + " ")).toList();
    }

    @Test
    void staticInitializersConstructorsHandoverAndCloseRunWithThePluginsLoader() throws IOException {
        lifecycleGreeter("1.0.0").writeTo(plugins);
        Greeter greeter = fixture.startGreeter();
        lifecycleGreeter("2.0.0").moveInto(plugins);
        fixture.awaitEvent(new ReloadEvent.Retired("lifecycle", "1.0.0"));
        Path config = Files.createTempFile(fixture.root(), ".config-", ".tmp");
        Files.writeString(config, "label=new\n", StandardCharsets.UTF_8);
        Files.move(config, plugins.resolve("lifecycle.properties"), StandardCopyOption.ATOMIC_MOVE);
        await().atMost(WAIT).until(() -> recorded("close").contains("close 2.0.0 plugin"));

        assertThat(Probe.recorded()).containsExactly(
                "static 1.0.0 plugin", "constructor 1.0.0 plugin",
                "static 2.0.0 plugin", "constructor 2.0.0 plugin",
                "export 1.0.0 plugin", "import 2.0.0 plugin", "close 1.0.0 plugin",
                "constructor 2.0.0 plugin",
                "export 2.0.0 plugin", "import 2.0.0 plugin", "close 2.0.0 plugin");
        assertThat(greeter.greet("x")).isEqualTo("2.0.0:caller");
        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(caller);
    }

    @Test
    void theInstancesOfAVersionRefusedHalfWayAreClosedWithThePluginsLoader() {
        Path refused = PluginJar.named("halfway-1.0.0.jar").classpath(Greeter.class)
                .source("plugin.Made", "package plugin;\n"
                        + "public class Made implements dev.reload.testkit.Greeter, AutoCloseable {\n"
                        + "  public String greet(String name) { return name; }\n"
                        + "  public void close() { dev.reload.testkit.Probe.record(\"close \" + whose()); }\n"
                        + WHOSE.replace("CLASS", "Made")
                        + "}\n")
                .source("plugin.Refusing", "package plugin;\n"
                        + "public abstract class Refusing implements dev.reload.testkit.Counter {\n"
                        + "  public Refusing() { throw new IllegalStateException(\"refused on purpose\"); }\n"
                        + "}\n")
                .source("plugin.RefusingCounter", "package plugin;\n"
                        + "public class RefusingCounter extends Refusing {\n"
                        + "  public long increment() { return 0; }\n"
                        + "  public long count() { return 0; }\n"
                        + "  public String version() { return \"\"; }\n"
                        + "  public String pause() { return \"\"; }\n"
                        + "}\n")
                .classpath(Counter.class)
                .service(Greeter.class, "plugin.Made")
                .service(Counter.class, "plugin.RefusingCounter")
                .writeTo(plugins);
        fixture.start(fixture.options());
        fixture.awaitRejected(refused, "refused on purpose");

        assertThat(Probe.recorded()).containsExactly("close plugin");
    }

    @Test
    void aPluginThatAsksSeesItsLoaderDuringEveryCallAndTheCallerGetsItsOwnBack() {
        lifecycleGreeter("1.0.0").manifest(ATTRIBUTE, "plugin").writeTo(plugins);
        Greeter greeter = fixture.startGreeter();

        long end = System.nanoTime() + Duration.ofMillis(600).toNanos();
        do {
            // Before and after the proxy's call sites are aimed at the version, 200 ms after it became active.
            assertThat(greeter.greet("x")).isEqualTo("1.0.0:plugin");
            assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(caller);
        } while (System.nanoTime() - end < 0);
        assertThatThrownBy(() -> greeter.greet("throw")).hasMessage("thrown by 1.0.0");
        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(caller);
    }

    @Test
    void aPluginThatDoesNotAskSeesTheCallersLoaderAndSwapsChangeThatWithTheVersion() {
        lifecycleGreeter("1.0.0").manifest(ATTRIBUTE, "plugin").writeTo(plugins);
        Greeter greeter = fixture.startGreeter();
        assertThat(greeter.greet("x")).isEqualTo("1.0.0:plugin");

        lifecycleGreeter("2.0.0").moveInto(plugins);
        awaitAnswer(greeter, "2.0.0:caller");
        lifecycleGreeter("3.0.0").manifest(ATTRIBUTE, " Plugin ").moveInto(plugins);
        awaitAnswer(greeter, "3.0.0:plugin");
        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(caller);
        // The state still goes from implementation to implementation, whatever the proxy calls.
        assertThat(Probe.recorded()).contains("export 1.0.0 plugin", "import 2.0.0 plugin", "export 2.0.0 plugin",
                "import 3.0.0 plugin");
    }

    @Test
    void aLibraryThatLooksUpThroughTheContextLoaderFindsThePluginsOwnProviders() {
        PluginJar.named("codecs-1.0.0.jar").classpath(Greeter.class)
                .manifest(ATTRIBUTE, "plugin")
                .source("plugin.Codec", "package plugin;\npublic interface Codec { String name(); }\n")
                .source("plugin.Rot13", "package plugin;\n"
                        + "public class Rot13 implements Codec { public String name() { return \"rot13\"; } }\n")
                .source("plugin.Codecs", "package plugin;\n"
                        + "public class Codecs implements dev.reload.testkit.Greeter {\n"
                        + "  public String greet(String name) {\n"
                        + "    Class<?> codec;\n"
                        + "    try { codec = Class.forName(\"plugin.Codec\", false,"
                        + " Thread.currentThread().getContextClassLoader()); }\n"
                        + "    catch (ClassNotFoundException e) { return \"not found\"; }\n"
                        + "    return java.util.ServiceLoader.load(codec).findFirst()"
                        + ".map(c -> ((Codec) c).name()).orElse(\"none\");\n"
                        + "  }\n"
                        + "}\n")
                .service(Greeter.class, "plugin.Codecs")
                .service("plugin.Codec", "plugin.Rot13")
                .writeTo(plugins);
        Greeter greeter = fixture.startGreeter();

        assertThat(greeter.greet("x")).isEqualTo("rot13");
    }

    @Test
    void aValueTheAttributeDoesNotTakeRefusesTheJar() {
        Path refused = lifecycleGreeter("1.0.0").manifest(ATTRIBUTE, "caller").writeTo(plugins);
        fixture.start(fixture.options());

        fixture.awaitRejected(refused, ATTRIBUTE, "'caller'", "'plugin'");
        assertThat(Probe.recorded()).isEmpty();
        assertThat(events).noneMatch(e -> e instanceof ReloadEvent.Loaded);
    }
}

package dev.reload.samples.spring;

import dev.reload.samples.greeter.Greeter;
import dev.reload.testkit.PluginJar;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The applications one test starts, in a scratch directory of its own, with the sample's plugin jars at hand; register
 * with {@code @RegisterExtension}. Each application is stopped after the test, and when the test fails everything it
 * printed goes to standard error.
 */
final class BootApps implements AfterEachCallback, TestExecutionExceptionHandler {

    static final Path APP = property("reload.app.jar");
    static final Path AGENT = property("reload.agent.jar");
    static final Path GREETER_1 = property("reload.greeter.v1");
    static final Path GREETER_2 = property("reload.greeter.v2");
    static final String SPRING_BOOT_VERSION = System.getProperty("reload.spring-boot.version");

    private final List<BootApp> started = new CopyOnWriteArrayList<>();
    private final Path temp;

    BootApps() {
        try {
            temp = Files.createTempDirectory("reload-spring-it-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the scratch directory, the applications' working directory */
    Path temp() {
        return temp;
    }

    /** @return {@code <temp>/plugins}, created empty: the plugins directory the sample's properties name */
    Path plugins() {
        try {
            return Files.createDirectories(temp.resolve("plugins"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the application's executable jar in the scratch directory and waits until it serves HTTP. */
    BootApp start(List<String> jvmOptions, String... args) {
        assertThat(bootLibraries()).as("the jar under test is built with Spring Boot %s", SPRING_BOOT_VERSION)
                .contains("BOOT-INF/lib/spring-boot-" + SPRING_BOOT_VERSION + ".jar");
        BootApp app = BootApp.start(APP, temp, jvmOptions, List.of(args));
        started.add(app);
        return app;
    }

    /** Copies a jar beside the plugins directory, then moves it in under {@code name}, as a careful deployment does. */
    static void deploy(Path jar, Path plugins, String name) {
        try {
            Path staging = Files.createTempFile(plugins.getParent(), ".staging-", ".tmp");
            Files.copy(jar, staging, StandardCopyOption.REPLACE_EXISTING);
            Files.move(staging, plugins.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deploy(Path jar, Path plugins) {
        deploy(jar, plugins, jar.getFileName().toString());
    }

    /** Deploys greeter 3.0.0, whose constructor throws: the runtime must refuse it. */
    static void deployRefusedGreeter(Path plugins) {
        Path jar = PluginJar.named("greeter-3.0.0.jar").classpath(Greeter.class)
                .source("broken.BrokenGreeter", """
                        package broken;
                        public class BrokenGreeter implements dev.reload.samples.greeter.Greeter {
                            public BrokenGreeter() { throw new IllegalStateException("no greetings today"); }
                            public String greet(String name) { return "never"; }
                        }
                        """)
                .service(Greeter.class, "broken.BrokenGreeter").writeTo(plugins.getParent());
        deploy(jar, plugins);
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        for (BootApp app : started) {
            System.err.println("=== " + context.getDisplayName() + " failed; the application printed:"
                    + System.lineSeparator() + app.output());
        }
        throw failure;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        started.forEach(BootApp::close);
        started.clear();
        try (Stream<Path> files = Files.walk(temp)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // A leftover scratch directory in java.io.tmpdir is harmless.
        }
    }

    private static List<String> bootLibraries() {
        try (JarFile jar = new JarFile(APP.toFile())) {
            return jar.stream().map(e -> e.getName()).filter(n -> n.startsWith("BOOT-INF/lib/spring-boot-"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("system property " + name + " is not set: run the tests with Maven");
        }
        return Path.of(value);
    }
}

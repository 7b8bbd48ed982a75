package dev.reload.agent.it;

import dev.reload.agent.it.BootApps.App;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring Boot application during development, started from its compiled classes and its dependencies as an IDE
 * starts it, with {@code spring-boot-devtools} among them: DevTools runs the application in a restart class loader
 * and, when a class changes, throws that loader away and starts the application again in a new one, where the service
 * interface is a new class. The plugins follow the application into each new loader.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DevToolsRestartIT {

    private static final String RESTART_LOADER = "org.springframework.boot.devtools.restart.classloader."
            + "RestartClassLoader@";

    @RegisterExtension
    final ChildJvms jvms = new ChildJvms();

    private final Path plugins = jvms.plugins();

    @Test
    void afterARestartTheNewClassLoadersInterfaceIsServedByThePluginAndANewVersionStillSwapsIn() {
        // The application's own copy of its classes: the test changes one, as a developer's recompile does.
        Path classes = copy(App.BOOT3.classes(), jvms.temp().resolve("classes"));
        App.BOOT3.greeter("1.0.0").writeTo(plugins);
        String[] args = Stream.concat(Stream.of(WebApp.SERVER_ARGS),
                // LiveReload's server listens on a fixed port on every interface; this test has no browser to tell.
                Stream.of("--spring.devtools.livereload.enabled=false")).toArray(String[]::new);

        WebApp app = WebApp.start(jvms, WebApp.withAgentOn(plugins, ChildJvm.launch(BootApps.MAIN_CLASS, args)
                .classpath(classes).classpath(App.BOOT3.dependencies())));

        String firstLoader = applicationLoaderAfter(app, -1);
        assertThat(app.greet("first")).isEqualTo("1.0.0:first");

        int mark = app.jvm().mark();
        touch(classes.resolve("com/acme/GreetingController.class"));
        app.awaitRestart(mark);

        assertThat(applicationLoaderAfter(app, mark)).as("the restarted application's class loader")
                .isNotEqualTo(firstLoader);
        assertThat(app.greet("restarted")).isEqualTo("1.0.0:restarted");

        RequestLoop loop = RequestLoop.start(app, 2);
        try {
            loop.awaitEveryClientAnsweredBy("1.0.0");
            App.BOOT3.greeter("2.0.0").moveInto(plugins);
            loop.awaitEveryClientAnsweredBy("2.0.0");
        } finally {
            loop.close();
        }
        assertThat(loop.failures()).as("failed requests").isEmpty();
        assertThat(loop.versionsPerClient()).as("the versions that answered each client, in order")
                .allSatisfy(versions -> assertThat(versions).containsExactly("1.0.0", "2.0.0"));
    }

    /** @return the restart class loader the runtime says the application's classes are in, from a line after mark */
    private static String applicationLoaderAfter(WebApp app, int mark) {
        String line = app.jvm().awaitLineAfter(mark, ChildJvm.WAIT, "the runtime's line on the application's loader",
                ChildJvm.containsAll("the application's classes are in " + RESTART_LOADER,
                        "(it has " + BootApps.GREETER + ")")).text();
        return line.substring(line.indexOf(RESTART_LOADER)).split(" ")[0];
    }

    /** Marks a class file as changed, as a recompile does; DevTools compares each file's time and length. */
    private static void touch(Path file) {
        try {
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path copy(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            List<Path> sorted = files.sorted(Comparator.naturalOrder()).toList();
            for (Path file : sorted) {
                Files.copy(file, to.resolve(from.relativize(file).toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return to;
    }
}

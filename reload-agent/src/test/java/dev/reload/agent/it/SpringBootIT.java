package dev.reload.agent.it;

import dev.reload.agent.it.BootApps.App;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Boot web applications built by {@code spring-boot-maven-plugin} and started as their users start them, with
 * the agent: the service interface is in the application's own classes, which Boot's launcher loads in a class
 * loader that does not exist yet when the agent starts. A controller answers HTTP requests from the plugin while
 * versions come and go.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SpringBootIT {

    /** Boot's console line for a started application, as its default Logback configuration prints it. */
    private static final Predicate<String> LOGBACK_STARTED_LINE = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}\\S*\\s+INFO \\d+ --- .*\\[\\s*main] com\\.acme\\.App\\s+"
                    + ": Started App in .*").asMatchPredicate();

    @RegisterExtension
    final ChildJvms jvms = new ChildJvms();

    private final Path plugins = jvms.plugins();

    /**
     * One way to start an application.
     *
     * @param name   what the test report calls it
     * @param app    the application
     * @param launch the launch, given the test's scratch directory
     */
    record Start(String name, App app, Function<Path, ChildJvm.Launch> launch) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Start> starts() {
        return Stream.of(
                new Start("Spring Boot 3.5 executable jar: java -jar", App.BOOT3,
                        temp -> ChildJvm.launchJar(App.BOOT3.jar(), WebApp.SERVER_ARGS)),
                new Start("Spring Boot 4.0 executable jar: java -jar", App.BOOT4,
                        temp -> ChildJvm.launchJar(App.BOOT4.jar(), WebApp.SERVER_ARGS)),
                new Start("exploded Spring Boot 3.5 jar: java -cp <dir> JarLauncher", App.BOOT3,
                        temp -> ChildJvm.launch(BootApps.JAR_LAUNCHER, WebApp.SERVER_ARGS)
                                .classpath(BootApps.explode(App.BOOT3.jar(), temp.resolve("exploded")))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("starts")
    void aJarPresentAtStartServesTheFirstRequestANewVersionSwapsInUnderLoadABrokenJarChangesNothingAndTheOldVersionUnloads(
            Start start) {
        start.app().greeter("1.0.0").writeTo(plugins);

        WebApp app = WebApp.start(jvms, WebApp.withAgentOn(plugins, start.launch().apply(jvms.temp())));

        app.awaitLineContaining("greeter-1.0.0.jar waits for the application's class loader");
        app.awaitLineContaining("the application's classes are in org.springframework.boot.loader.launch."
                + "LaunchedClassLoader", "(it has " + BootApps.GREETER + ")");
        assertThat(app.greet("first")).isEqualTo("1.0.0:first");

        RequestLoop loop = RequestLoop.start(app, 2);
        try {
            loop.awaitEveryClientAnsweredBy("1.0.0");
            start.app().greeter("2.0.0").moveInto(plugins);
            loop.awaitEveryClientAnsweredBy("2.0.0");

            Path broken = PluginFiles.moveInto(plugins, "greeter-3.0.0.jar",
                    "not a jar".getBytes(StandardCharsets.UTF_8));
            app.awaitLineContaining("rejected " + broken + ": not a valid jar");
            loop.awaitMoreAnswers(20);
        } finally {
            loop.close();
        }
        assertThat(loop.failures()).as("failed requests").isEmpty();
        assertThat(loop.versionsPerClient()).as("the versions that answered each client, in order")
                .allSatisfy(versions -> assertThat(versions).containsExactly("1.0.0", "2.0.0"));
        assertThat(app.greet("last")).isEqualTo("2.0.0:last");

        app.collectGarbageUntil("the unloading of greeter 1.0.0",
                ChildJvm.containsAll("greeter 1.0.0: class loader collected, classes unloaded"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(App.class)
    void bootLogsThroughTheApplicationsLogbackWithTheAgentAsItDoesWithout(App boot) {
        boot.greeter("1.0.0").writeTo(plugins);

        WebApp app = WebApp.start(jvms, WebApp.withAgentOn(plugins, ChildJvm.launchJar(boot.jar(),
                WebApp.SERVER_ARGS)));

        assertThat(app.greet("first")).isEqualTo("1.0.0:first");
        assertLogsThroughLogback(app.jvm());
    }

    @Test
    void withoutTheAgentTheApplicationStartsLogsThroughLogbackAndItsRequestsSayNoRuntimeServes() {
        WebApp app = WebApp.start(jvms, WebApp.withTemporaryFilesBeside(plugins,
                ChildJvm.launchJar(App.BOOT3.jar(), WebApp.SERVER_ARGS)));

        HttpResponse<String> response = app.get("/greet?name=first");

        assertThat(response.statusCode()).isEqualTo(500);
        app.awaitLineContaining("dev.reload.api.ServiceUnavailableException", BootApps.GREETER);
        assertLogsThroughLogback(app.jvm());
    }

    private static void assertLogsThroughLogback(ChildJvm jvm) {
        assertThat(jvm.find(LOGBACK_STARTED_LINE)).as("Boot's 'Started App' line, through Logback").isPresent();
        List<String> all = jvm.lines().stream().map(ChildJvm.Line::text).toList();
        assertThat(all).noneMatch(line -> line.contains("competing implementation"))
                .noneMatch(line -> line.startsWith("SLF4J("));
    }
}

package dev.reload.agent.it;

import dev.reload.testkit.Greeter;
import dev.reload.testkit.PluginJar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application keeps its own logging under the agent, and reload's messages go through it: the agent jar's own
 * SLF4J never stands in for the application's, also when a launcher keeps the application's libraries in a class
 * loader of its own, as a Spring Boot executable jar does. Without SLF4J the messages go to standard error.
 *
 * <p>The application, {@code app.LoggingApp}, is built here: it prints which SLF4J it got ({@code logger factory
 * <class> from <jar>}, or {@code logger factory none}), logs one message of its own, asks for the {@link Greeter} and
 * prints its first answer, then answers {@code call} with another call. It configures Log4j 2 itself, as Spring Boot
 * does, and leaves Logback to find its {@code logback.xml}; both configurations print
 * {@code APP-LOG <level> <logger> - <message>} on standard output.
 */
class ApplicationLoggingIT {

    private static final String APPLICATION = "app.LoggingApp";
    private static final String LOGGED_SWAP = " - greeter: swapped 1.0.0 -> 1.1.0 (greeter-1.1.0.jar)";
    private static final String PRINTED_SWAP = "[reload] greeter: swapped 1.0.0 -> 1.1.0 (greeter-1.1.0.jar)";

    @RegisterExtension
    final ChildJvms jvms = new ChildJvms();

    private final Path temp = jvms.temp();
    private final Path plugins = jvms.plugins();

    /** The logging libraries of an application, as failsafe passes their jars. */
    enum Logging {
        LOGBACK("ch.qos.logback.classic.LoggerContext", "logback-classic", "logback-core"),
        LOG4J("org.apache.logging.slf4j.Log4jLoggerFactory", "log4j-slf4j2-impl", "log4j-core", "log4j-api");

        final String loggerFactory;
        final List<String> artifacts;

        Logging(String loggerFactory, String... artifacts) {
            this.loggerFactory = loggerFactory;
            this.artifacts = List.of(artifacts);
        }

        /** @return slf4j-api and these libraries */
        List<Path> jars() {
            List<Path> jars = new ArrayList<>(List.of(jar("slf4j-api")));
            artifacts.forEach(artifact -> jars.add(jar(artifact)));
            return jars;
        }
    }

    @ParameterizedTest
    @EnumSource(Logging.class)
    void launchedInItsOwnClassLoaderTheApplicationGetsItsLoggingAndReloadLogsThroughItOnceTheLauncherRuns(
            Logging logging) {
        GreeterPlugin.version("1.0.0").writeTo(plugins);

        ChildJvm app = jvms.start(withAgent(launched(logging.jars())));

        app.awaitLineContaining("logger factory " + logging.loggerFactory + " from ", "slf4j-api-");
        assertThat(app.find(l -> l.startsWith("logger factory ")).orElseThrow().text())
                .doesNotContain("reload-agent.jar");
        app.awaitLineContaining("APP-LOG INFO app - the application logs");
        app.awaitLineContaining("first call answered 1.0.0:main");
        // Loaded before main, while the application's class loader was not known yet.
        assertThat(app.awaitLineContaining("[reload] greeter 1.0.0: loaded from greeter-1.0.0.jar").stream())
                .isEqualTo(ChildJvm.Stream.ERR);

        GreeterPlugin.version("1.1.0").moveInto(plugins);

        ChildJvm.Line swap = app.awaitLine("reload's swap through the application's logging", loggedByReload());
        assertThat(swap.stream()).isEqualTo(ChildJvm.Stream.OUT);
        assertThat(call(app)).isEqualTo("call answered 1.1.0:main");
        assertThat(app.find(l -> l.contains(PRINTED_SWAP))).isEmpty();
    }

    @Test
    void onTheClassPathTheApplicationGetsLogbackAndReloadLogsThroughItFromTheStart() {
        GreeterPlugin.version("1.0.0").writeTo(plugins);
        List<Path> classpath = new ArrayList<>(List.of(Host.codeSource(Greeter.class), application()));
        classpath.addAll(Logging.LOGBACK.jars());

        ChildJvm app = jvms.start(withAgent(ChildJvm.launch(APPLICATION).classpath(classpath.toArray(Path[]::new))));

        app.awaitLineContaining("logger factory " + Logging.LOGBACK.loggerFactory + " from ", "slf4j-api-");
        app.awaitLine("reload's load before main through Logback", Pattern.compile(
                "APP-LOG INFO dev\\.reload\\.\\S+ - greeter 1\\.0\\.0: loaded from greeter-1\\.0\\.0\\.jar .*")
                .asMatchPredicate());
        app.awaitLineContaining("first call answered 1.0.0:main");

        GreeterPlugin.version("1.1.0").moveInto(plugins);

        app.awaitLine("reload's swap through Logback", loggedByReload());
        assertThat(call(app)).isEqualTo("call answered 1.1.0:main");
        assertThat(app.find(l -> l.contains("[reload]"))).isEmpty();
    }

    @Test
    void withoutSlf4jReloadPrintsItsMessagesOnStandardError() {
        GreeterPlugin.version("1.0.0").writeTo(plugins);

        ChildJvm app = jvms.start(withAgent(launched(List.of())));

        app.awaitLineContaining("logger factory none");
        app.awaitLineContaining("first call answered 1.0.0:main");
        GreeterPlugin.version("1.1.0").moveInto(plugins);

        ChildJvm.Line swap = app.awaitLineContaining(PRINTED_SWAP);
        assertThat(swap.stream()).isEqualTo(ChildJvm.Stream.ERR);
        assertThat(swap.text()).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d INFO \\Q" + PRINTED_SWAP + "\\E");
        assertThat(call(app)).isEqualTo("call answered 1.1.0:main");
    }

    /** @return the application started by {@link Launcher} in a class loader over its jar and {@code libraries} */
    private ChildJvm.Launch launched(List<Path> libraries) {
        List<String> args = new ArrayList<>(List.of(APPLICATION, application().toString()));
        libraries.forEach(jar -> args.add(jar.toString()));
        return ChildJvm.launch(Launcher.class, args.toArray(String[]::new))
                .classpath(Host.codeSource(Launcher.class), Host.codeSource(Greeter.class));
    }

    /** Adds the agent as {@link Host#withAgentOn(Path, String...)} does for the standard host. */
    private ChildJvm.Launch withAgent(ChildJvm.Launch launch) {
        Path tmp = plugins.resolveSibling(Host.CHILD_TMP);
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return launch.javaagent(Host.agentJar(), "plugins=" + plugins + ",settleTime=50ms")
                .jvmOption("-Djava.io.tmpdir=" + tmp);
    }

    private static Predicate<String> loggedByReload() {
        return l -> l.startsWith("APP-LOG INFO dev.reload.") && l.endsWith(LOGGED_SWAP);
    }

    private static String call(ChildJvm app) {
        int mark = app.mark();
        app.send("call");
        return app.awaitLineAfter(mark, "the answer to 'call'", l -> l.startsWith("call answered ")).text();
    }

    private Path application() {
        Path jar = temp.resolve("app.jar");
        if (!Files.exists(jar)) {
            PluginJar.named("app.jar")
                    .classpath(Greeter.class)
                    .classpath(jar("slf4j-api"))
                    .source(APPLICATION, APPLICATION_SOURCE)
                    .entry("logback.xml", LOGBACK_XML.getBytes(StandardCharsets.UTF_8))
                    .entry("app-log4j2.xml", LOG4J2_XML.getBytes(StandardCharsets.UTF_8))
                    .writeTo(temp);
        }
        return jar;
    }

    private static Path jar(String artifact) {
        String property = "reload.it." + artifact;
        String path = System.getProperty(property);
        if (path == null || !Files.isRegularFile(Path.of(path))) {
            throw new IllegalStateException(property + " is " + path + ": run the integration tests with 'mvn "
                    + "verify', which resolves the jar and passes its path");
        }
        return Path.of(path);
    }

    private static final String APPLICATION_SOURCE = """
            package app;

            import dev.reload.api.ServiceRegistry;
            import dev.reload.testkit.Greeter;

            import java.io.BufferedReader;
            import java.io.InputStreamReader;
            import java.nio.charset.StandardCharsets;

            public final class LoggingApp {

                public static void main(String[] args) throws Exception {
                    configureLog4jAsSpringBootDoes();
                    System.out.println("logger factory " + loggerFactory());
                    Greeter greeter = ServiceRegistry.get(Greeter.class);
                    System.out.println("first call answered " + greeter.greet("main"));
                    BufferedReader commands = new BufferedReader(new InputStreamReader(System.in,
                            StandardCharsets.UTF_8));
                    String command;
                    while ((command = commands.readLine()) != null && !command.equals("quit")) {
                        if (command.equals("call")) {
                            System.out.println("call answered " + greeter.greet("main"));
                        }
                    }
                }

                /**
                 * From a file of the application's, which Log4j does not look for by itself: the configuration of
                 * the application's class loader, not one Log4j finds in any class loader that asks.
                 */
                private static void configureLog4jAsSpringBootDoes() throws ReflectiveOperationException {
                    Class<?> configurator;
                    try {
                        configurator = Class.forName("org.apache.logging.log4j.core.config.Configurator");
                    } catch (ClassNotFoundException noLog4j) {
                        return;
                    }
                    configurator.getMethod("initialize", String.class, ClassLoader.class, String.class)
                            .invoke(null, "app", LoggingApp.class.getClassLoader(), "classpath:app-log4j2.xml");
                }

                private static String loggerFactory() {
                    try {
                        org.slf4j.ILoggerFactory factory = org.slf4j.LoggerFactory.getILoggerFactory();
                        org.slf4j.LoggerFactory.getLogger("app").info("the application logs");
                        return factory.getClass().getName() + " from "
                                + org.slf4j.LoggerFactory.class.getProtectionDomain().getCodeSource().getLocation();
                    } catch (NoClassDefFoundError noSlf4j) {
                        return "none";
                    }
                }
            }
            """;

    private static final String LOGBACK_XML = """
            <configuration>
              <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
                <encoder><pattern>APP-LOG %level %logger - %msg%n</pattern></encoder>
              </appender>
              <root level="INFO"><appender-ref ref="out"/></root>
            </configuration>
            """;

    private static final String LOG4J2_XML = """
            <Configuration status="WARN">
              <Appenders>
                <Console name="out" target="SYSTEM_OUT"><PatternLayout pattern="APP-LOG %level %logger - %msg%n"/></Console>
              </Appenders>
              <Loggers><Root level="info"><AppenderRef ref="out"/></Root></Loggers>
            </Configuration>
            """;
}

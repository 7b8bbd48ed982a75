package dev.reload.runtime.log;

import dev.reload.api.ServiceRegistry;
import dev.reload.testkit.PluginJar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which SLF4J the runtime logs through: the application's, found through the application's class loaders, each
 * built here the way an application's launcher builds one, with no view of the tests' own class path; or standard
 * error while there is none.
 */
class ApplicationSlf4jTest {

    private static final Path SLF4J_API = jarOf("reload.test.slf4j-api");
    private static final Path SLF4J_SIMPLE = jarOf("reload.test.slf4j-simple");
    /** What slf4j-simple prints for an INFO message of this class's logger, whatever its thread. */
    private static final String THROUGH_SLF4J = "] INFO " + ApplicationSlf4jTest.class.getName() + " - ";

    @TempDir
    Path temp;

    private final List<URLClassLoader> loaders = new ArrayList<>();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Log log = Log.get(ApplicationSlf4jTest.class);
    private PrintStream originalErr;
    private ApplicationSlf4j originalSearch;

    @BeforeEach
    void captureStandardErrorAndStartWithARuntimeLoaderWithoutSlf4j() {
        originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        originalSearch = Log.replaceApplication(new ApplicationSlf4j(application("runtime")));
    }

    @AfterEach
    void restore() throws IOException {
        Log.replaceApplication(originalSearch);
        System.setErr(originalErr);
        for (URLClassLoader loader : loaders) {
            loader.close();
        }
    }

    @Test
    void findsTheSlf4jThatTheApplicationsLoaderSeesWhenItHasAProvider() {
        URLClassLoader application = application("application", SLF4J_API, SLF4J_SIMPLE);

        Slf4jBinding slf4j = Slf4jBinding.find(application);

        assertThat(slf4j).isNotNull();
        assertThat(slf4j.loggerFactory().getClassLoader()).isSameAs(application);
    }

    @Test
    void anSlf4jWithoutAProviderIsNotUsedSinceItWouldDropEveryMessage() {
        assertThat(Slf4jBinding.find(application("application", SLF4J_API))).isNull();
        assertThat(Slf4jBinding.find(application("application"))).isNull();
    }

    @Test
    void messagesGoToStandardErrorUntilTheApplicationsLoaderIsKnownAndThroughItsSlf4jAfterwards() {
        log.info("before the application's loader is known");
        log.debug("a detail");
        assertThat(standardError()).containsPattern(
                "(?m)^\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d INFO \\[reload] before the application's loader is known$")
                .doesNotContain("a detail");

        Log.applicationClassLoader(application("application", SLF4J_API, SLF4J_SIMPLE));
        log.info("once it is known");
        log.warn("with a cause", new IllegalStateException("the cause"));

        assertThat(standardError())
                .contains(THROUGH_SLF4J + "once it is known")
                .contains("] WARN " + ApplicationSlf4jTest.class.getName() + " - with a cause")
                .contains("java.lang.IllegalStateException: the cause")
                .doesNotContain("[reload] once it is known")
                .doesNotContain("[reload] with a cause");
    }

    @Test
    void anApplicationLoaderWithoutSlf4jLeavesMessagesOnStandardError() {
        Log.applicationClassLoader(application("application"));
        Log.applicationClassLoader(application("application with the API alone", SLF4J_API));

        log.warn("still here");

        assertThat(standardError()).contains(" WARN [reload] still here").doesNotContain(THROUGH_SLF4J);
    }

    @Test
    void theContextClassLoaderOfTheFollowedThreadIsSearchedWhenALauncherSetsIt() {
        Thread main = new Thread(() -> { }, "launcher-main");
        main.setContextClassLoader(application("launcher"));
        Log.followContextClassLoader(main);
        log.info("before the launcher made the application's loader the context class loader");

        main.setContextClassLoader(application("application", SLF4J_API, SLF4J_SIMPLE));
        log.info("after it did");

        assertThat(standardError())
                .contains("INFO [reload] before the launcher made the application's loader the context class loader")
                .contains(THROUGH_SLF4J + "after it did");
    }

    @Test
    void theFirstSlf4jFoundIsKeptWhateverLoadersComeLater() {
        URLClassLoader first = application("first", SLF4J_API, SLF4J_SIMPLE);
        URLClassLoader second = application("second", SLF4J_API, SLF4J_SIMPLE);
        ApplicationSlf4j search = new ApplicationSlf4j(application("runtime"));

        search.consider(first);
        assertThat(search.binding().loggerFactory().getClassLoader()).isSameAs(first);
        search.consider(second);

        assertThat(search.binding().loggerFactory().getClassLoader()).isSameAs(first);
    }

    @Test
    void theRuntimesOwnLoaderComesFirstAsWhenTheApplicationBringsTheRuntimeOnItsClassPath() {
        URLClassLoader own = application("application with the runtime", SLF4J_API, SLF4J_SIMPLE);
        Log.replaceApplication(new ApplicationSlf4j(own));

        log.info("from the start");

        assertThat(standardError()).contains(THROUGH_SLF4J + "from the start");
    }

    @Test
    void anApplicationAskingForAServiceTellsTheRuntimeWhereItsSlf4jIs() {
        Path api = PluginJar.named("application-api.jar")
                .source("app.Clock", "package app; public interface Clock { long now(); }")
                .writeTo(temp);
        URLClassLoader application = application("application", api, SLF4J_API, SLF4J_SIMPLE);
        log.info("before the application asked for a service");

        ServiceRegistry.get(type("app.Clock", application));
        log.info("after it asked");

        assertThat(standardError()).contains("INFO [reload] before the application asked for a service")
                .contains(THROUGH_SLF4J + "after it asked");
    }

    @Test
    void anApplicationAskingForEveryProviderOfAServiceTellsTheRuntimeWhereItsSlf4jIs() {
        Path api = PluginJar.named("application-api.jar")
                .source("app.Rule", "package app; public interface Rule { long apply(long price); }")
                .writeTo(temp);
        URLClassLoader application = application("application", api, SLF4J_API, SLF4J_SIMPLE);

        ServiceRegistry.all(type("app.Rule", application)).iterator();
        log.info("after it asked for every rule");

        assertThat(standardError()).contains(THROUGH_SLF4J + "after it asked for every rule");
    }

    /** @return a class loader over {@code jars} that sees the JDK and nothing of the tests' own class path */
    private URLClassLoader application(String name, Path... jars) {
        URL[] urls = new URL[jars.length];
        for (int i = 0; i < jars.length; i++) {
            try {
                urls[i] = jars[i].toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException(e);
            }
        }
        URLClassLoader loader = new URLClassLoader(name, urls, ClassLoader.getPlatformClassLoader());
        loaders.add(loader);
        return loader;
    }

    private static Class<?> type(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    private String standardError() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** @return the jar surefire names in {@code property}, as the build's dependency resolution found it */
    private static Path jarOf(String property) {
        String path = System.getProperty(property);
        if (path == null || !Files.isRegularFile(Path.of(path))) {
            throw new IllegalStateException(property + " is " + path + ": run the tests with Maven, which resolves "
                    + "the jar and passes its path");
        }
        return Path.of(path);
    }
}

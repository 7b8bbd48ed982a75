package dev.reload.runtime;

import dev.reload.api.ReloadEvent;
import dev.reload.api.ServiceRegistry;
import dev.reload.api.ServiceUnavailableException;
import dev.reload.testkit.Greeter;
import dev.reload.testkit.Greeters;
import dev.reload.testkit.PluginJar;
import dev.reload.testkit.RuntimeFixture;
import dev.reload.testkit.Shops;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Applications whose classes live in a class loader of their own, as in a Spring Boot executable jar or under
 * DevTools: the runtime starts with the system class loader and follows the loader of the interfaces the
 * application asks for.
 */
class ApplicationClassLoaderTest {

    private static final Class<?>[] NO_TYPES = new Class<?>[0];

    @RegisterExtension
    final RuntimeFixture fixture = new RuntimeFixture();

    private final Path plugins = fixture.plugins();
    private final List<ReloadEvent> events = fixture.events();
    private final List<URLClassLoader> loaders = new ArrayList<>();

    @AfterEach
    void closeApplicationLoaders() throws IOException {
        for (URLClassLoader loader : loaders) {
            loader.close();
        }
    }

    /** The application's own jar: an interface the system class loader does not have. */
    private Path applicationJar() throws IOException {
        Path directory = Files.createDirectories(fixture.root().resolve("app"));
        return Shops.applicationJar().writeTo(directory);
    }

    /** A class loader like a launcher's: a child of the system class loader holding the application's jar. */
    private ClassLoader applicationLoader(Path applicationJar) throws IOException {
        URLClassLoader loader = new URLClassLoader("app", new URL[] {applicationJar.toUri().toURL()},
                getClass().getClassLoader());
        loaders.add(loader);
        return loader;
    }

    private static PluginJar shop(String version, Path applicationJar) {
        return Shops.version(version, applicationJar);
    }

    private static Object shopOf(ClassLoader application) throws ClassNotFoundException {
        return ServiceRegistry.get(application.loadClass("app.Shop"));
    }

    private static String name(Object shop) throws Exception {
        try {
            return (String) shop.getClass().getMethod("name", NO_TYPES).invoke(shop);
        } catch (InvocationTargetException e) {
            throw (Exception) e.getCause();
        }
    }

    @Test
    void aJarPresentAtStartWaitsForTheApplicationsLoaderAndServesTheFirstCall() throws Exception {
        Path application = applicationJar();
        shop("1.0.0", application).writeTo(plugins);
        fixture.start(fixture.options());
        assertThat(events).noneMatch(e -> e instanceof ReloadEvent.Rejected);

        Object shop = shopOf(applicationLoader(application));

        assertThat(name(shop)).isEqualTo("1.0.0");
        shop("2.0.0", application).moveInto(plugins);
        await().atMost(RuntimeFixture.WAIT).until(() -> name(shop).equals("2.0.0"));
        assertThat(events).noneMatch(e -> e instanceof ReloadEvent.Rejected);
    }

    @Test
    void aNewApplicationLoaderGetsThePluginsLoadedAgainstItsOwnInterfaces() throws Exception {
        Path application = applicationJar();
        shop("1.0.0", application).writeTo(plugins);
        fixture.start(fixture.options());
        ClassLoader first = applicationLoader(application);
        assertThat(name(shopOf(first))).isEqualTo("1.0.0");

        // As after a DevTools restart: the same classes again, in a new loader.
        ClassLoader second = applicationLoader(application);
        Object shop = shopOf(second);

        assertThat(name(shop)).isEqualTo("1.0.0");
        Class<?> served = shop.getClass().getInterfaces()[0];
        assertThat(served.getClassLoader()).isSameAs(second);
        shop("2.0.0", application).moveInto(plugins);
        await().atMost(RuntimeFixture.WAIT).until(() -> name(shop).equals("2.0.0"));
    }

    @Test
    void aJarWhoseInterfacesNoLoaderHasIsRefusedOnceTheApplicationHasAsked() throws Exception {
        Path nowhere = applicationJar();
        Path waiting = shop("1.0.0", nowhere).writeTo(plugins);
        Greeters.version("1.0.0").writeTo(plugins);
        fixture.start(fixture.options());
        assertThat(events).noneMatch(e -> e instanceof ReloadEvent.Rejected);

        Greeter greeter = ServiceRegistry.get(Greeter.class, "greeter");

        assertThat(greeter.greet("x")).isEqualTo("1.0.0:x");
        fixture.awaitRejected(waiting, "declares services the application does not have: app.Shop");
    }

    @Test
    void aNamedApplicationLoaderIsKeptAndAJarItLacksIsRefusedAtOnce() throws Exception {
        Path application = applicationJar();
        Path refused = shop("1.0.0", application).writeTo(plugins);
        fixture.start(fixture.options().withHostClassLoader(getClass().getClassLoader()));

        fixture.awaitRejected(refused, "declares services the application does not have: app.Shop");
        Object shop = shopOf(applicationLoader(application));
        assertThatThrownBy(() -> name(shop)).isInstanceOf(ServiceUnavailableException.class)
                .hasMessageContaining("shop-1.0.0.jar");
    }

    @Test
    void aServiceWhoseJarWasRefusedSaysWhichFileAndWhy() throws Exception {
        Path refused = Files.write(plugins.resolve("greeter-1.0.0.jar"), "not a jar".getBytes(StandardCharsets.UTF_8));
        fixture.start(fixture.options().withIncompleteJarGrace(Duration.ofMillis(100)));
        fixture.awaitRejected(refused, "not a valid jar");
        Greeter bound = ServiceRegistry.get(Greeter.class, "greeter");
        Greeter any = ServiceRegistry.get(Greeter.class);

        for (Greeter greeter : List.of(bound, any)) {
            assertThatThrownBy(() -> greeter.greet("x")).isInstanceOf(ServiceUnavailableException.class)
                    .hasMessageContaining("greeter-1.0.0.jar: not a valid jar")
                    .hasMessageNotContaining("no plugin jar in");
        }

        Greeters.version("1.0.0").moveInto(plugins);
        fixture.awaitServing(bound, "1.0.0");
        assertThat(any.greet("x")).isEqualTo("1.0.0:x");
    }
}

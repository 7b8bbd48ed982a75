package dev.reload.spring.boot;

import dev.reload.api.ServiceRegistry;
import dev.reload.api.ServiceUnavailableException;
import dev.reload.runtime.ReloadOptions;
import dev.reload.runtime.ReloadRuntime;
import dev.reload.spring.boot.autoconfigure.ReloadAutoConfiguration;
import dev.reload.testkit.Greeter;
import dev.reload.testkit.Greeters;
import dev.reload.testkit.PluginJar;
import dev.reload.testkit.Probe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Service interfaces as beans: injected like any bean, and following every swap. */
class EnableReloadServicesTest {

    @TempDir
    Path temp;

    private Path plugins;

    private ApplicationContextRunner runner() throws Exception {
        plugins = Files.createDirectories(temp.resolve("plugins"));
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ReloadAutoConfiguration.class))
                .withPropertyValues("reload.plugins=" + plugins, "reload.settle-time=10ms");
    }

    @AfterEach
    void noRuntimeOutlivesItsTest() {
        ReloadRuntime.current().ifPresent(ReloadRuntime::close);
    }

    @Configuration(proxyBeanMethods = false)
    @EnableReloadServices(Greeter.class)
    static class Greeting {
    }

    /** Calls its greeter in its constructor: the runtime must be up by then. */
    static class Caller {
        final String first;
        final Greeter greeter;
        final ReloadServices<Greeter> greeters;

        @Autowired
        Caller(Greeter greeter, ReloadServices<Greeter> greeters) {
            this.first = greeter.greet("first");
            this.greeter = greeter;
            this.greeters = greeters;
        }
    }

    @Test
    void anInjectedServiceIsTheReloadProxyAndFollowsEverySwap() throws Exception {
        ApplicationContextRunner runner = runner();
        Greeters.version("1.0.0").writeTo(plugins);
        runner.withUserConfiguration(Greeting.class).withBean(Caller.class).run(context -> {
            Caller caller = context.getBean(Caller.class);
            assertThat(caller.first).isEqualTo("1.0.0:first");
            assertThat(caller.greeter).isSameAs(ServiceRegistry.get(Greeter.class))
                    .isSameAs(context.getBean(Greeter.class.getName()));

            Greeters.version("2.0.0").moveInto(plugins);
            await().atMost(Duration.ofSeconds(30)).until(() -> caller.greeter.greet("x").equals("2.0.0:x"));
            assertThat(caller.greeters).containsExactly(ServiceRegistry.get(Greeter.class, "greeter"));
            assertThat(caller.greeters.isRequired()).isFalse();
        });
    }

    @Test
    void theViewOfEveryProviderIsABeanOfItsGenericType() throws Exception {
        ApplicationContextRunner runner = runner();
        Greeters.version("alpha", "1.0.0", "").writeTo(plugins);
        Greeters.version("beta", "2.0.0", "").writeTo(plugins);
        runner.withUserConfiguration(Greeting.class).run(context -> {
            String[] views = context.getBeanNamesForType(
                    ResolvableType.forClassWithGenerics(ReloadServices.class, Greeter.class));
            assertThat(views).containsExactly(Greeter.class.getName() + ".services");
            ReloadServices<?> greeters = (ReloadServices<?>) context.getBean(views[0]);
            assertThat(greeters.stream().map(g -> ((Greeter) g).greet("x"))).containsExactly("1.0.0:x", "2.0.0:x");
            assertThat(context.getBeanNamesForType(ResolvableType.forClassWithGenerics(ReloadServices.class,
                    Runnable.class))).isEmpty();
        });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableReloadServices(required = Greeter.class)
    static class RequiredGreeting {
    }

    @Test
    void aServiceNamedByTwoDeclarationsIsOneBeanAndRequiredIfEitherSaysSo() throws Exception {
        runner().withUserConfiguration(Greeting.class, RequiredGreeting.class).run(context -> {
            assertThat(context).hasSingleBean(Greeter.class).hasSingleBean(ReloadServices.class);
            assertThat(context.getBean(ReloadServices.class).isRequired()).isTrue();
        });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableReloadServices(Connection.class)
    static class Connecting {
    }

    @Test
    void aServiceThatIsAutoCloseableIsNotClosedWithTheContext() throws Exception {
        ApplicationContextRunner runner = runner();
        PluginJar.named("connection-1.0.0.jar").classpath(Connection.class, Probe.class)
                .source("plugin.PooledConnection", """
                        package plugin;
                        public class PooledConnection implements dev.reload.spring.boot.Connection {
                            public void close() { dev.reload.testkit.Probe.record("connection closed"); }
                        }
                        """)
                .service(Connection.class, "plugin.PooledConnection").writeTo(plugins);
        ReloadRuntime running = ReloadRuntime.start(ReloadOptions.defaults().withPlugins(plugins));

        runner.withUserConfiguration(Connecting.class).run(context ->
                assertThat(context.getBean(Connection.class)).isSameAs(ServiceRegistry.get(Connection.class)));

        assertThat(Probe.recorded()).doesNotContain("connection closed");
        running.close();
        assertThat(Probe.recorded()).containsOnlyOnce("connection closed");
    }

    @Configuration(proxyBeanMethods = false)
    @EnableReloadServices(String.class)
    static class NotAnInterface {
    }

    @Test
    void aClassThatIsNotAnInterfaceFailsTheStartNamingIt() throws Exception {
        runner().withUserConfiguration(NotAnInterface.class).run(context -> assertThat(context).hasFailed()
                .getFailure().hasMessageContaining("java.lang.String, which is not an interface"));
    }

    @Test
    void withReloadDisabledTheServicesAreStillBeansWhoseCallsSayNoRuntimeRuns() throws Exception {
        runner().withPropertyValues("reload.enabled=false").withUserConfiguration(Greeting.class).run(context -> {
            assertThat(context).doesNotHaveBean(ReloadRuntime.class);
            assertThatThrownBy(() -> context.getBean(Greeter.class).greet("x"))
                    .isInstanceOf(ServiceUnavailableException.class).hasMessageContaining("no reload runtime");
            assertThat(context.getBean(ReloadServices.class)).isEmpty();
        });
    }
}

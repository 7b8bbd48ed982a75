package dev.reload.runtime;

import dev.reload.api.ReloadEvent;
import dev.reload.api.ReloadListener;
import dev.reload.api.ServiceList;
import dev.reload.api.ServiceRegistry;
import dev.reload.api.ServiceUnavailableException;
import dev.reload.testkit.Counter;
import dev.reload.testkit.Greeter;
import dev.reload.testkit.Greeters;
import dev.reload.testkit.PluginJar;
import dev.reload.testkit.RuntimeFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@link ServiceRegistry#all(Class)}: every plugin that provides an extension point, live, one proxy per plugin. The
 * greeter plugins here are alpha, beta and gamma, each answering {@code "<version>:<name>"}.
 */
class AllProvidersTest {

    private static final List<String> IDS = List.of("alpha", "beta", "gamma");

    @RegisterExtension
    final RuntimeFixture fixture = new RuntimeFixture();

    private final Path plugins = fixture.plugins();
    private final ServiceList<Greeter> greeters = ServiceRegistry.all(Greeter.class);

    /** Starts with alpha 1.0.0 and beta 2.0.0, written in the opposite order, and a plugin that is no greeter. */
    private void startWithAlphaAndBeta() {
        Greeters.version("beta", "2.0.0", "").writeTo(plugins);
        Greeters.version("alpha", "1.0.0", "").writeTo(plugins);
        counter().writeTo(plugins);
        fixture.start(fixture.options());
    }

    @Test
    void everyPluginProvidingTheServiceIsThereOnceInPluginIdOrderAsTheProxyGetReturnsForItsId() {
        startWithAlphaAndBeta();

        assertThat(greeters).containsExactly(ServiceRegistry.get(Greeter.class, "alpha"),
                ServiceRegistry.get(Greeter.class, "beta"));
        assertThat(greeters.stream().map(g -> g.greet("x"))).containsExactly("1.0.0:x", "2.0.0:x");
        assertThat(ServiceRegistry.all(Greeter.class)).isSameAs(greeters);
        assertThat(ServiceRegistry.all(Counter.class)).containsExactly(ServiceRegistry.get(Counter.class, "counter"));
        assertThat(greeters).hasToString("ServiceList[" + Greeter.class.getName() + ", plugins [alpha, beta]]");
    }

    @Test
    void aPluginArrivingIsSeenByTheNextIterationWhileOneUnderWayIsNotDisturbed() {
        startWithAlphaAndBeta();
        Iterator<Greeter> underWay = greeters.iterator();
        assertThat(underWay.next()).isSameAs(ServiceRegistry.get(Greeter.class, "alpha"));

        Greeters.version("gamma", "3.0.0", "").moveInto(plugins);

        await().atMost(RuntimeFixture.WAIT).until(() -> plugins(greeters), p -> p.size() == 3);
        assertThat(plugins(greeters)).containsExactly("alpha", "beta", "gamma");
        assertThat(greeters.stream().map(g -> g.greet("x"))).containsExactly("1.0.0:x", "2.0.0:x", "3.0.0:x");
        assertThat(underWay.next()).isSameAs(ServiceRegistry.get(Greeter.class, "beta"));
        assertThat(underWay.hasNext()).isFalse();
    }

    @Test
    void aPluginRemovedLeavesTheViewAndAnElementHeldOnToThrowsServiceUnavailable() throws IOException {
        startWithAlphaAndBeta();
        Greeter beta = plugin("beta");
        assertThat(beta.greet("x")).isEqualTo("2.0.0:x");

        Files.delete(plugins.resolve("beta-2.0.0.jar"));

        await().atMost(RuntimeFixture.WAIT).until(() -> plugins(greeters), List.of("alpha")::equals);
        assertThatThrownBy(() -> beta.greet("x")).isInstanceOf(ServiceUnavailableException.class)
                .hasMessageContaining("plugin 'beta'");
        Greeters.version("beta", "2.1.0", "").moveInto(plugins);
        await().atMost(RuntimeFixture.WAIT).until(() -> plugins(greeters), List.of("alpha", "beta")::equals);
        assertThat(beta.greet("x")).as("the same element serves the plugin's new version").isEqualTo("2.1.0:x");
    }

    @Test
    void anElementHeldOnToFollowsItsPluginFromVersionToVersion() {
        startWithAlphaAndBeta();
        Greeter alpha = plugin("alpha");

        Greeters.version("alpha", "1.1.0", "").moveInto(plugins);

        fixture.awaitServing(alpha, "1.1.0");
        assertThat(greeters).containsExactly(alpha, plugin("beta"));
        assertThat(plugin("beta").greet("x")).isEqualTo("2.0.0:x");
    }

    @Test
    void listenersHearAProviderArriveAndLeaveAndFindTheViewChangedAlready() throws IOException {
        startWithAlphaAndBeta();
        List<String> heard = new CopyOnWriteArrayList<>();
        ReloadListener listener = event -> {
            if (event instanceof ReloadEvent.Swapped s && s.service() == Greeter.class) {
                if (s.fromVersion() == null && "3.0.0".equals(s.toVersion())) {
                    heard.add("arrived 3.0.0, view " + plugins(greeters));
                } else if ("2.0.0".equals(s.fromVersion()) && s.toVersion() == null) {
                    heard.add("left 2.0.0, view " + plugins(greeters));
                }
            }
        };
        ServiceRegistry.addListener(listener);
        try {
            Greeters.version("gamma", "3.0.0", "").moveInto(plugins);
            await().atMost(RuntimeFixture.WAIT).until(() -> heard.size() == 1);
            Files.delete(plugins.resolve("beta-2.0.0.jar"));
            await().atMost(RuntimeFixture.WAIT).until(() -> heard.size() == 2);
        } finally {
            ServiceRegistry.removeListener(listener);
        }

        assertThat(heard).containsExactly("arrived 3.0.0, view [alpha, beta, gamma]",
                "left 2.0.0, view [alpha, gamma]");
    }

    @Test
    void closingTheRuntimeEmptiesTheViewAndElementsSayNoRuntimeRuns() {
        startWithAlphaAndBeta();
        Greeter alpha = plugin("alpha");

        fixture.runtime().close();

        assertThat(greeters).isEmpty();
        assertThat(greeters.stream()).isEmpty();
        assertThatThrownBy(() -> alpha.greet("x")).isInstanceOf(ServiceUnavailableException.class)
                .hasMessageContaining("no reload runtime is running");
    }

    @Test
    void theViewIsReadOnly() {
        startWithAlphaAndBeta();
        Iterator<Greeter> iterator = greeters.iterator();
        iterator.next();

        assertThatThrownBy(iterator::remove).isInstanceOf(UnsupportedOperationException.class);
        assertThat(greeters).hasSize(2);
    }

    private static Greeter plugin(String id) {
        return ServiceRegistry.get(Greeter.class, id);
    }

    /** @return the plugin id of each element, told by which proxy of {@link ServiceRegistry#get} it is */
    private static List<String> plugins(ServiceList<Greeter> view) {
        return view.stream().map(proxy -> IDS.stream().filter(id -> plugin(id) == proxy).findFirst()
                .orElse("not the proxy of any plugin id: " + proxy)).toList();
    }

    private static PluginJar counter() {
        return PluginJar.named("counter-1.0.0.jar")
                .classpath(Counter.class)
                .source("plugin.PlainCounter", """
                        package plugin;

                        public class PlainCounter implements dev.reload.testkit.Counter {
                            private final java.util.concurrent.atomic.AtomicLong count =
                                    new java.util.concurrent.atomic.AtomicLong();

                            public long increment() { return count.incrementAndGet(); }
                            public long count() { return count.get(); }
                            public String version() { return "1.0.0"; }
                            public String pause() { return version(); }
                        }
                        """)
                .service(Counter.class, "plugin.PlainCounter");
    }
}

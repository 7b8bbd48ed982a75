package dev.reload.runtime.proxy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A route that sets the context class loader runs every call with the plugin's loader as the thread's context class
 * loader and gives the caller's back, also when the call throws; a plain route leaves the thread alone.
 */
class ContextLoaderTargetTest {

    public interface Lookup {

        ClassLoader contextLoader();

        default ClassLoader contextLoaderInDefaultMethod() {
            return Thread.currentThread().getContextClassLoader();
        }

        ClassLoader fail(RuntimeException e);
    }

    public static final class SeeingLookup implements Lookup {

        @Override
        public ClassLoader contextLoader() {
            return Thread.currentThread().getContextClassLoader();
        }

        @Override
        public ClassLoader fail(RuntimeException e) {
            throw e;
        }
    }

    private final ClassLoader plugin = new URLClassLoader("plugin", new URL[0], getClass().getClassLoader());
    private final ClassLoader caller = new URLClassLoader("caller", new URL[0], getClass().getClassLoader());
    private final ServiceSlot slot = new ServiceSlot(Lookup.class, null, "nothing looks up");
    private final Lookup proxy = ServiceProxyFactory.create(Lookup.class, slot);
    private ClassLoader before;

    @BeforeEach
    void callFromALoaderOfTheCallersOwn() {
        before = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(caller);
    }

    @AfterEach
    void putTheTestThreadsLoaderBack() {
        Thread.currentThread().setContextClassLoader(before);
    }

    private Route settingContextLoader(Object instance) {
        Route route = Route.settingContextLoader(Lookup.class, instance, plugin, new VersionGate(), "lookup", "1.0");
        slot.reroute(route, "nothing looks up");
        return route;
    }

    @Test
    void everyCallRunsWithThePluginsLoaderAndTheCallerGetsItsOwnBack() {
        settingContextLoader(new SeeingLookup());

        assertThat(proxy.contextLoader()).isSameAs(plugin);
        assertThat(proxy.contextLoaderInDefaultMethod()).isSameAs(plugin);
        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(caller);
    }

    @Test
    void theCallerGetsItsLoaderBackWhenTheCallThrows() {
        settingContextLoader(new SeeingLookup());
        IllegalStateException thrown = new IllegalStateException("from the plugin");

        assertThatThrownBy(() -> proxy.fail(thrown)).isSameAs(thrown);
        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(caller);
    }

    @Test
    void aCallSeesThePluginsLoaderBeforeAndAfterTheCallSitesAreAimedAtTheTarget() {
        Route route = settingContextLoader(new SeeingLookup());
        assertThat(proxy.contextLoader()).isSameAs(plugin);

        await().atMost(Duration.ofSeconds(10)).until(() -> slot.dispatch().aimedAt() == route.target().getClass());
        assertThat(proxy.contextLoader()).isSameAs(plugin);
        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(caller);
    }

    @Test
    void theTargetCallsTheInstanceAndTheRouteStillNamesTheInstance() {
        SeeingLookup instance = new SeeingLookup();
        Route route = settingContextLoader(instance);

        assertThat(route.instance()).isSameAs(instance);
        assertThat(route.target()).isInstanceOf(Lookup.class).isNotSameAs(instance);
        assertThat(route.target().getClass().getClassLoader().getParent()).isSameAs(plugin);
    }

    @Test
    void aPlainRouteCallsTheInstanceItselfOnTheCallersLoader() {
        SeeingLookup instance = new SeeingLookup();
        Route route = new Route(instance, new VersionGate(), "lookup", "1.0");
        slot.reroute(route, "nothing looks up");

        assertThat(route.target()).isSameAs(instance);
        assertThat(proxy.contextLoader()).isSameAs(caller);
    }

    @Test
    void passesEveryKindOfArgumentAndExceptionThrough() throws Exception {
        ServiceSlot kitchenSlot = new ServiceSlot(Kitchen.class, null, "nothing cooks");
        Kitchen kitchen = ServiceProxyFactory.create(Kitchen.class, kitchenSlot);
        kitchenSlot.reroute(Route.settingContextLoader(Kitchen.class, new ServiceProxyFactoryTest.PlainKitchen(),
                plugin, new VersionGate(), "kitchen", "1.0"), "nothing cooks");

        assertThat(kitchen.stock()).isEqualTo("sugar");
        assertThat(kitchen.hello()).isEqualTo("default hello");
        assertThat(kitchen.echo("echo")).isEqualTo("echo");
        assertThat(kitchen.reverse(new int[] {1, 2})).containsExactly(1, 2);
        assertThat(kitchen.add(1, 2)).isZero();
        assertThat(kitchen.scale(1.0, 2f)).isZero();
        kitchen.fail(new IOException("swallowed"));
    }
}

package dev.reload.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Without the runtime on the class path, as in an application started without the agent. */
class ServiceRegistryWithoutRuntimeTest {

    public interface Clock {
        long now();
    }

    @Test
    void returnsTheSameProxyForEveryCallWithTheSameInterface() {
        Clock clock = ServiceRegistry.get(Clock.class);
        assertThat(clock).isNotNull().isSameAs(ServiceRegistry.get(Clock.class));
        assertThat(ServiceRegistry.get(Clock.class, "wall")).isSameAs(ServiceRegistry.get(Clock.class, "wall"))
                .isNotSameAs(clock);
    }

    @Test
    void callsSayHowToStartTheRuntime() {
        Clock clock = ServiceRegistry.get(Clock.class);
        assertThatThrownBy(clock::now)
                .isInstanceOf(ServiceUnavailableException.class)
                .hasMessageContaining(Clock.class.getName())
                .hasMessageContaining("-javaagent:reload-agent.jar");
    }

    @Test
    void objectMethodsWorkWithoutAnImplementation() {
        Clock clock = ServiceRegistry.get(Clock.class);
        assertThat(clock.toString()).contains(Clock.class.getName());
        assertThat(clock.hashCode()).isEqualTo(System.identityHashCode(clock));
        assertThat(clock).isEqualTo(clock).isNotEqualTo(ServiceRegistry.get(Clock.class, "other"));
    }

    @Test
    void everyProviderIsNoneWithoutARuntime() {
        assertThat(ServiceRegistry.all(Clock.class)).isEmpty();
        assertThatThrownBy(() -> ServiceRegistry.all(String.class)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAClassThatIsNotAnInterface() {
        assertThatThrownBy(() -> ServiceRegistry.get(String.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.String is not an interface");
        assertThatThrownBy(() -> ServiceRegistry.get(Service.class))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesNullsAndBlankPluginIds() {
        assertThatThrownBy(() -> ServiceRegistry.get(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> ServiceRegistry.get(Clock.class, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> ServiceRegistry.get(Clock.class, " "))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServiceRegistry.addListener(null)).isInstanceOf(NullPointerException.class);
    }
}

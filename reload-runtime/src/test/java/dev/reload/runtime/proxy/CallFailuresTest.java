package dev.reload.runtime.proxy;

import dev.reload.api.ServiceUnavailableException;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A route counts as failures the calls that end in an unchecked exception from the implementation, and nothing else:
 * not calls that return, not the checked exceptions the interface declares, not a service's unavailability, and the
 * caller gets every exception as it was thrown.
 */
class CallFailuresTest {

    public interface Store {

        String read(String key) throws IOException;

        default String readOrDefault(String key) {
            try {
                return read(key);
            } catch (IOException e) {
                return "default";
            }
        }
    }

    public static final class ThrowingStore implements Store {

        @Override
        public String read(String key) throws IOException {
            switch (key) {
                case "state":
                    throw new IllegalStateException("bad state");
                case "error":
                    throw new AssertionError("broken");
                case "io":
                    throw new IOException("disk");
                case "unavailable":
                    throw new ServiceUnavailableException("Other", "no other");
                default:
                    return key;
            }
        }
    }

    private final VersionGate gate = new VersionGate();
    private final Route route = new Route(new ThrowingStore(), gate, "store", "1.0.0");
    private final ServiceSlot slot = new ServiceSlot(Store.class, null, "no store");
    private final Store proxy = ServiceProxyFactory.create(Store.class, slot);

    @Test
    void callsThatReturnAreNotFailures() throws IOException {
        slot.reroute(route, null);

        assertThat(proxy.read("a")).isEqualTo("a");
        assertThat(proxy.readOrDefault("b")).isEqualTo("b");

        assertThat(route.failures()).isZero();
        assertThat(gate.calls()).isEqualTo(2);
        assertThat(gate.inFlight()).isZero();
    }

    @Test
    void uncheckedExceptionsAndErrorsAreFailuresAndReachTheCallerUnchanged() {
        slot.reroute(route, null);

        assertThatThrownBy(() -> proxy.read("state")).isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("bad state");
        assertThatThrownBy(() -> proxy.read("error")).isExactlyInstanceOf(AssertionError.class);

        assertThat(route.failures()).isEqualTo(2);
        assertThat(gate.inFlight()).isZero();
    }

    @Test
    void checkedExceptionsOfTheInterfaceAreNotFailures() {
        slot.reroute(route, null);

        assertThatThrownBy(() -> proxy.read("io")).isExactlyInstanceOf(IOException.class);
        assertThat(proxy.readOrDefault("io")).isEqualTo("default");

        assertThat(route.failures()).isZero();
        assertThat(gate.inFlight()).isZero();
    }

    @Test
    void anUnavailableServiceIsNotAFailureOfTheImplementationNorOfTheProxy() {
        slot.reroute(route, null);
        assertThatThrownBy(() -> proxy.read("unavailable")).isInstanceOf(ServiceUnavailableException.class);

        slot.reroute(null, "no store");
        assertThatThrownBy(() -> proxy.read("x")).isInstanceOf(ServiceUnavailableException.class)
                .hasMessageContaining("no store");

        assertThat(route.failures()).isZero();
        assertThat(gate.calls()).isEqualTo(1);
    }
}

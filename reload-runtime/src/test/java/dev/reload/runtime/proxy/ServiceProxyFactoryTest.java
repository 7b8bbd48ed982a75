package dev.reload.runtime.proxy;

import dev.reload.api.ServiceUnavailableException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceProxyFactoryTest {

    private final List<String> recorded = new ArrayList<>();
    private ServiceSlot slot;
    private Kitchen proxy;

    @BeforeEach
    void setUp() {
        slot = new ServiceSlot(Kitchen.class, null, "nothing serves the kitchen");
        proxy = ServiceProxyFactory.create(Kitchen.class, slot);
    }

    private VersionGate serve(Kitchen target, String version) {
        VersionGate gate = new VersionGate();
        slot.reroute(new Route(target, gate, "kitchen", version), "nothing serves the kitchen");
        return gate;
    }

    @Test
    void passesEveryKindOfArgumentAndReturnValueThrough() throws Exception {
        serve(new RealKitchen(), "1.0");
        assertThat(proxy.add(Long.MAX_VALUE - 5, 5)).isEqualTo(Long.MAX_VALUE);
        assertThat(proxy.scale(1.5, 2f)).isEqualTo(3.0);
        assertThat(proxy.mix(true, 'x', (byte) 1, (short) 2)).isTrue();
        proxy.record("soup");
        assertThat(recorded).containsExactly("soup");
        assertThat(proxy.reverse(new int[] {1, 2, 3})).containsExactly(3, 2, 1);
        assertThat(proxy.<String>echo("echo")).isEqualTo("echo");
        assertThat(proxy.stock()).isEqualTo("flour");
        assertThat(proxy.hello()).isEqualTo("overridden hello");
    }

    @Test
    void callsDefaultMethodsThroughTheImplementation() {
        serve(new PlainKitchen(), "1.0");
        assertThat(proxy.hello()).isEqualTo("default hello");
    }

    @Test
    void letsTheImplementationsExceptionsThroughUnchanged() {
        serve(new RealKitchen(), "1.0");
        IOException checked = new IOException("disk", new IllegalStateException("cause"));
        assertThatThrownBy(() -> proxy.fail(checked)).isSameAs(checked);
        IllegalArgumentException unchecked = new IllegalArgumentException("bad");
        assertThatThrownBy(() -> proxy.fail(unchecked)).isSameAs(unchecked);
        AssertionError error = new AssertionError("error");
        assertThatThrownBy(() -> proxy.fail(new WrappedError(error))).isSameAs(error);
    }

    @Test
    void leavesTheGateBalancedAfterReturnsAndThrows() {
        VersionGate gate = serve(new RealKitchen(), "1.0");
        proxy.add(1, 1);
        assertThatThrownBy(() -> proxy.fail(new IOException())).isInstanceOf(IOException.class);
        assertThat(gate.inFlight()).isZero();
    }

    @Test
    void answersObjectMethodsItselfWithoutCallingTheImplementation() {
        serve(new HostileKitchen(), "2.1.0");
        assertThat(proxy.toString()).contains(Kitchen.class.getName()).contains("kitchen").contains("2.1.0");
        assertThat(proxy.hashCode()).isEqualTo(System.identityHashCode(proxy));
        assertThat(proxy.equals(proxy)).isTrue();
        assertThat(proxy.equals(new HostileKitchen())).isFalse();
        assertThat(proxy).isNotEqualTo(ServiceProxyFactory.create(Kitchen.class, slot));
    }

    @Test
    void throwsServiceUnavailableWhileNothingServes() {
        assertThatThrownBy(() -> proxy.stock())
                .isInstanceOf(ServiceUnavailableException.class)
                .hasMessage("nothing serves the kitchen");
        assertThat(proxy.toString()).contains(Kitchen.class.getName()).contains("no active implementation");
    }

    @Test
    void sendsLaterCallsToTheNewRoute() {
        serve(new RealKitchen(), "1.0");
        assertThat(proxy.stock()).isEqualTo("flour");
        serve(new PlainKitchen(), "2.0");
        assertThat(proxy.stock()).isEqualTo("sugar");
    }

    @Test
    void implementsInterfacesThatAreNotPublic() {
        ServiceSlot hiddenSlot = new ServiceSlot(Hidden.class, null, "nothing serves");
        Hidden hidden = ServiceProxyFactory.create(Hidden.class, hiddenSlot);
        assertThatThrownBy(hidden::run).isInstanceOf(ServiceUnavailableException.class);
        boolean[] ran = new boolean[1];
        hiddenSlot.reroute(new Route((Hidden) () -> ran[0] = true, new VersionGate(), "h", "1"), "nothing serves");
        hidden.run();
        assertThat(ran[0]).isTrue();
    }

    @Test
    void twoProxiesOfOneInterfaceAreDistinct() {
        Kitchen other = ServiceProxyFactory.create(Kitchen.class, new ServiceSlot(Kitchen.class, "other", "none"));
        assertThat(other).isNotSameAs(proxy);
        assertThat(other.getClass()).isNotSameAs(proxy.getClass());
    }

    @Test
    void refusesSealedInterfaces() {
        assertThatThrownBy(() -> ServiceProxyFactory.create(Closed.class, new ServiceSlot(Closed.class, null, "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sealed");
    }

    sealed interface Closed permits Only {
    }

    static final class Only implements Closed {
    }

    interface Hidden {
        void run();
    }

    /** Lets a test throw an Error through a method that declares only Exception. */
    static final class WrappedError extends Exception {
        final Error error;

        WrappedError(Error error) {
            this.error = error;
        }
    }

    class RealKitchen implements Kitchen {
        @Override
        public long add(long a, int b) {
            return a + b;
        }

        @Override
        public double scale(double x, float factor) {
            return x * factor;
        }

        @Override
        public boolean mix(boolean b, char c, byte by, short s) {
            return b && c == 'x' && by == 1 && s == 2;
        }

        @Override
        public void record(String entry) {
            recorded.add(entry);
        }

        @Override
        public int[] reverse(int[] values) {
            int[] out = new int[values.length];
            for (int i = 0; i < values.length; i++) {
                out[i] = values[values.length - 1 - i];
            }
            return out;
        }

        @Override
        public <T> T echo(T value) {
            return value;
        }

        @Override
        public void fail(Exception e) throws Exception {
            if (e instanceof WrappedError) {
                throw ((WrappedError) e).error;
            }
            throw e;
        }

        @Override
        public String stock() {
            return "flour";
        }

        @Override
        public String hello() {
            return "overridden hello";
        }
    }

    static class PlainKitchen extends NoOpKitchen {
        @Override
        public String stock() {
            return "sugar";
        }
    }

    static class HostileKitchen extends ServiceProxyFactoryTest.NoOpKitchen {
        @Override
        public String toString() {
            throw new AssertionError("toString reached the implementation");
        }

        @Override
        public int hashCode() {
            throw new AssertionError("hashCode reached the implementation");
        }

        @Override
        public boolean equals(Object o) {
            throw new AssertionError("equals reached the implementation");
        }
    }

    static class NoOpKitchen implements Kitchen {
        @Override
        public long add(long a, int b) {
            return 0;
        }

        @Override
        public double scale(double x, float factor) {
            return 0;
        }

        @Override
        public boolean mix(boolean b, char c, byte by, short s) {
            return false;
        }

        @Override
        public void record(String entry) {
        }

        @Override
        public int[] reverse(int[] values) {
            return values;
        }

        @Override
        public <T> T echo(T value) {
            return value;
        }

        @Override
        public void fail(Exception e) {
        }

        @Override
        public String stock() {
            return "";
        }
    }
}

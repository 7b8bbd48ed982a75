package dev.reload.runtime.proxy;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.function.IntUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The proxy's call sites follow the active class, but not within a burst of swaps, and calls are right throughout. */
class DirectDispatchTest {

    public interface Adder {
        int add(int x);
    }

    public static final class One implements Adder {
        public int add(int x) {
            return x + 1;
        }
    }

    public static final class Two implements Adder {
        public int add(int x) {
            return x + 2;
        }
    }

    public static final class Three implements Adder {
        public int add(int x) {
            return x + 3;
        }
    }

    private final ServiceSlot slot = new ServiceSlot(Adder.class, null, "nothing adds");
    private final Adder proxy = ServiceProxyFactory.create(Adder.class, slot);

    private void swapTo(Adder implementation) {
        slot.reroute(new Route(implementation, new VersionGate(), "adder", implementation.getClass().getSimpleName()),
                "nothing adds");
    }

    @Test
    void theCallSitesAreAimedAtTheActiveClassOnceSwapsPause() {
        swapTo(new One());
        assertThat(proxy.add(1)).isEqualTo(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> slot.dispatch().aimedAt() == One.class);

        long burst = System.nanoTime();
        swapTo(new Two());
        assertThat(proxy.add(1)).isEqualTo(3);
        swapTo(new Three());
        assertThat(proxy.add(1)).isEqualTo(4);
        Class<?> aim = slot.dispatch().aimedAt();
        // In the middle of a burst the aim stays, unless this thread was held up past the quiet period; every call
        // still reaches the active version.
        if (System.nanoTime() - burst < Duration.ofMillis(150).toNanos()) {
            assertThat(aim).isEqualTo(One.class);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> slot.dispatch().aimedAt() == Three.class);
        assertThat(proxy.add(1)).isEqualTo(4);
    }

    @Test
    void aBurstThatNeverPausesIsFollowedAtLeastEveryFewSeconds() {
        swapTo(new One());
        IntUnaryOperator expected = x -> x + 1;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        boolean followed = false;
        int i = 0;
        while (!followed && System.nanoTime() - deadline < 0) {
            Adder next = i++ % 2 == 0 ? new Two() : new Three();
            swapTo(next);
            expected = next instanceof Two ? x -> x + 2 : x -> x + 3;
            assertThat(proxy.add(10)).isEqualTo(expected.applyAsInt(10));
            followed = slot.dispatch().aimedAt() == Two.class || slot.dispatch().aimedAt() == Three.class;
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        assertThat(followed).isTrue();
    }

    @Test
    void noRouteAimsAtTheInterface() {
        swapTo(new One());
        await().atMost(Duration.ofSeconds(10)).until(() -> slot.dispatch().aimedAt() == One.class);
        slot.reroute(null, "nothing adds");
        await().atMost(Duration.ofSeconds(10)).until(() -> slot.dispatch().aimedAt() == null);
    }
}

package dev.reload.runtime.proxy;

import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The handshake at the heart of {@link ServiceSlot}, with nothing else around it: the call counts itself in to the
 * gate of the route it read and re-reads the route; the swap replaces the route and reads the gate's count. Without
 * the slot's other work between the swap's two steps, the window in which the call's count is not yet visible to the
 * swap is as wide as the processor makes it.
 *
 * <p>The gate meets the call with its cell claimed ({@link SteadyCaller}), so that the call counts itself in as a
 * thread does in steady state, without the claim's compare-and-set, which would drain its store buffer; and
 * {@link StoreBufferStall} queues stores that miss every cache ahead of its count, so the count stays in the store
 * buffer while the route's re-read goes ahead: the window the barrier closes, held open for hundreds of nanoseconds
 * instead of the few cycles a call's own memory traffic gives it, so that the test without the barrier sees it within
 * a second.
 *
 * <p>Result: r1 is the version the call stays inside (1 the old, 2 the new: it saw the swap and turned back), r2 the
 * old gate's count the swap read. {@code 1, 0}: a drain that read zero while a call was inside.
 */
abstract class GateHandshake {

    static {
        AsymmetricGate.required();
    }

    private final VersionGate gate = SteadyCaller.claimed(new VersionGate());
    private final Route old = new Route("old", gate, "jcstress", "1");
    private final Route next = new Route("new", new VersionGate(), "jcstress", "2");
    private volatile Route route = old;

    void call(II_Result r) {
        SteadyCaller.isCurrentThread();
        StoreBufferStall.stall();
        Route seen = route;
        int ticket = seen.gate().enter();
        if (route == seen) {
            r.r1 = seen == old ? 1 : 2;
        } else {
            seen.cancel(ticket);
            r.r1 = 2;
        }
    }

    void swap(II_Result r, boolean barrier) {
        route = next;
        if (barrier) {
            CallBarrier.afterRouteChange();
        }
        r.r2 = (int) gate.inFlight();
    }
}

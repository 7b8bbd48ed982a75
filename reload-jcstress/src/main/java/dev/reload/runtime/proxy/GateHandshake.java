package dev.reload.runtime.proxy;

import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The handshake at the heart of {@link ServiceSlot}, with nothing else around it: the call counts itself in to the
 * gate of the route it read and re-reads the route; the swap replaces the route and reads the gate's count. Without
 * the slot's other work between the swap's two steps, the window in which the call's count is not yet visible to the
 * swap is as wide as the processor makes it.
 *
 * <p>Before the handshake each side writes its own element of one array, on one cache line, as a call's caller and a swap's engine write
 * memory of their own before they meet: the call's write misses its cache, and the plain store of its count queues
 * behind it in the processor's store buffer while the route's re-read goes ahead. The call also makes one call
 * through the version first, so that it counts itself in as a thread does in steady state, without a claim. That is the window the barrier
 * closes; without the writes it is a few cycles wide and rarely hit.
 *
 * <p>Result: r1 is the version the call stays inside (1 the old, 2 the new: it saw the swap and turned back), r2 the
 * old gate's count the swap read. {@code 1, 0}: a drain that read zero while a call was inside.
 */
abstract class GateHandshake {

    private final VersionGate gate = new VersionGate();
    private final Route old = new Route("old", gate, "jcstress", "1");
    private final Route next = new Route("new", new VersionGate(), "jcstress", "2");
    private volatile Route route = old;
    /** Both sides' own memory, one cache line away from the route: [0] the call's, [1] the swap's. */
    private final int[] work = new int[2];

    void call(II_Result r) {
        // An earlier call through this version: from then on the thread owns its cell, as it does in steady state,
        // and counts itself in without the claim's compare-and-set, which would drain its store buffer.
        gate.enter();
        gate.exit();
        work[0] = 1;
        Route seen = route;
        seen.gate().enter();
        if (route == seen) {
            r.r1 = seen == old ? 1 : 2;
        } else {
            seen.cancel();
            r.r1 = 2;
        }
    }

    void swap(II_Result r, boolean barrier) {
        work[1] = 1;
        route = next;
        if (barrier) {
            CallBarrier.afterRouteChange();
        }
        r.r2 = (int) gate.inFlight();
    }
}

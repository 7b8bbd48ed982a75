package dev.reload.runtime.proxy;

import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The enter / re-check / drain protocol between one call and one swap, on the runtime's own {@link ServiceSlot},
 * {@link Route} and {@link VersionGate}: the call enters the slot as a proxy does and stays inside whatever version
 * it took; the swap reroutes to a new version and reads the old gate's count, as retirement does.
 *
 * <p>As in {@link GateHandshake}, the old version's gate meets the call with its cell claimed, and
 * {@link StoreBufferStall} holds its count in the store buffer while it re-reads the route.
 *
 * <p>Result: r1 is the version the call is inside (1 the old, 2 the new), r2 the old gate's count the drain read.
 * {@code 1, 0} is a drain that read zero while a call was inside the old version: retirement would close a version
 * under a running call.
 */
abstract class GateDrain {

    static {
        AsymmetricGate.required();
    }

    private static final Object OLD_TARGET = "old";
    private static final Object NEW_TARGET = "new";

    private final ServiceSlot slot;
    private final VersionGate oldGate = SteadyCaller.claimed(new VersionGate());
    private final Route old = new Route(OLD_TARGET, oldGate, "jcstress", "1");
    private final Route next = new Route(NEW_TARGET, new VersionGate(), "jcstress", "2");

    GateDrain(Runnable barrier) {
        slot = new ServiceSlot(Runnable.class, null, "none", barrier);
        slot.reroute(old, "none");
    }

    void call(II_Result r) {
        SteadyCaller.isCurrentThread();
        StoreBufferStall.stall();
        Route route = slot.route();
        if (slot.tryEnter(route) == ServiceSlot.MISSED) {
            route = slot.enter();
        }
        r.r1 = route == old ? 1 : 2;
    }

    void swapAndDrain(II_Result r) {
        slot.reroute(next, "none");
        r.r2 = (int) oldGate.inFlight();
    }
}

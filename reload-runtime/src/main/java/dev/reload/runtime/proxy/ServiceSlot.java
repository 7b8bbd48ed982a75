package dev.reload.runtime.proxy;

import dev.reload.api.ServiceUnavailableException;

/**
 * The one mutable thing behind a proxy: the route its calls take now.
 *
 * <p>A call reads the route, enters that version's gate, then reads the route again. If a swap replaced the route in
 * between, the call leaves and retries on the new one. Together with the swap side (replace the route first, then
 * wait for the old gate to read zero) this guarantees that a drain which reads zero has no call inside, without a
 * lock on the call path: a call that entered before the replacement is counted, a call that entered after it sees
 * the new route and leaves. Where a call counts itself in without an atomic instruction (see {@link VersionGate}),
 * "before" and "after" hold only once {@link CallBarrier#afterRouteChange()} has run: every change of the route runs
 * it before returning, so whoever reads a gate's count after a reroute or a hold reads it after the barrier.
 *
 * <p>A proxy takes the fast path, {@link #route()} then {@link #tryEnter(Route)}, which hands back the ticket the
 * call's exit needs, and falls back to {@link #enter()} only when that misses: no route, or a swap in between.
 *
 * <p>Public only because generated proxies, defined in other class loaders, call {@link #route()},
 * {@link #tryEnter(Route)}, {@link #enter()} and {@link #describe()}. Not for use outside the runtime.
 */
public final class ServiceSlot {

    private final Class<?> service;
    private final String pluginId;
    private final DirectDispatch dispatch = new DirectDispatch();
    /** {@link CallBarrier#afterRouteChange()}; a test of the protocol replaces it to show what it prevents. */
    private final Runnable barrier;
    private volatile Route route;
    private volatile String unavailableReason;
    private volatile Hold hold;
    /** The route a hold took away: where calls from inside the draining version still go. */
    private volatile Route held;

    public ServiceSlot(Class<?> service, String pluginId, String unavailableReason) {
        this(service, pluginId, unavailableReason, CallBarrier::afterRouteChange);
    }

    ServiceSlot(Class<?> service, String pluginId, String unavailableReason, Runnable barrier) {
        this.service = service;
        this.pluginId = pluginId;
        this.unavailableReason = unavailableReason;
        this.barrier = barrier;
    }

    /** What {@link #tryEnter(Route)} returns when it did not enter; no ticket has this value. */
    public static final int MISSED = Integer.MIN_VALUE;

    /**
     * Enters {@code seen} if it is still the route, as a call that read it a moment ago does.
     *
     * @param seen what {@link #route()} returned to the caller
     * @return the ticket to pass to {@link Route#exit(int)} when the call ends; {@link #MISSED}, having entered
     *         nothing, when {@code seen} is {@code null} or was replaced, and the caller must use {@link #enter()}
     */
    public int tryEnter(Route seen) {
        if (seen == null) {
            return MISSED;
        }
        int ticket = seen.gate().enter();
        if (route == seen) {
            return ticket;
        }
        seen.cancel(ticket);
        return MISSED;
    }

    /**
     * Enters the current route, whatever it takes: waits out a hold, retries after a swap. The caller must call
     * {@link Route#exit(int)} with {@link Route#ticket()} on the returned route when the call ends.
     *
     * @return the route the call takes
     * @throws ServiceUnavailableException if no implementation is active
     */
    public Route enter() {
        for (;;) {
            Route r = route;
            if (r == null) {
                r = awaitRoute();
                if (r == null) {
                    continue;
                }
                return r;
            }
            if (tryEnter(r) != MISSED) {
                return r;
            }
        }
    }

    /**
     * The slow path: no route now. Waits out a hold, or says why the service is unavailable.
     *
     * @return the draining route, entered, for a call from inside the draining version; else {@code null}, to
     *         read the route again
     */
    private Route awaitRoute() {
        Hold h = hold;
        if (h != null) {
            Route draining = held;
            if (draining != null && h.callerInsideDraining()) {
                int ticket = draining.gate().enter();
                if (!h.closedToNested()) {
                    return draining;
                }
                draining.cancel(ticket);
            }
            h.await(service);
            return null;
        }
        // A hold that ended between the two reads has set the route before clearing itself.
        if (route == null) {
            throw new ServiceUnavailableException(service.getName(), unavailableReason);
        }
        return null;
    }

    /** @return what the proxy's {@code toString()} says: the interface and the plugin version serving it */
    public String describe() {
        Route r = route;
        return "ReloadProxy[" + service.getName()
                + (r == null ? ", no active implementation" : ", plugin " + r.pluginId() + ", version " + r.version())
                + "]";
    }

    public Class<?> service() {
        return service;
    }

    /** @return the plugin this slot is bound to, or {@code null} when it follows the default choice */
    public String pluginId() {
        return pluginId;
    }

    public Route route() {
        return route;
    }

    /**
     * Points later calls at {@code next}; calls already inside the previous route finish there.
     *
     * @param next              the new route, or {@code null} when no implementation is active
     * @param unavailableReason what a call says while there is no route
     */
    public void reroute(Route next, String unavailableReason) {
        this.unavailableReason = unavailableReason;
        this.route = next;
        barrier.run();
        Hold ended = hold;
        hold = null;
        held = null;
        if (ended != null) {
            ended.release();
        }
        dispatch.retarget(next);
    }

    /** Changes what a call says while there is no route, leaving the route as it is. */
    public void explainUnavailable(String reason) {
        this.unavailableReason = reason;
    }

    /**
     * Holds later calls until the next {@link #reroute}: they wait, for at most the hold's limit, instead of taking
     * a route. Calls already inside the current route finish there.
     */
    public void hold(Hold next) {
        Route current = route;
        if (current != null) {
            this.held = current;
        }
        this.hold = next;
        this.route = null;
        barrier.run();
    }

    DirectDispatch dispatch() {
        return dispatch;
    }
}

package dev.reload.runtime.proxy;

import dev.reload.api.ServiceUnavailableException;

import java.util.concurrent.atomic.LongAdder;

/**
 * Where calls to one service go: an implementation instance and the gate of the version it belongs to. Immutable
 * but for the count of its calls that failed; a swap replaces the route a {@link ServiceSlot} holds.
 *
 * <p>Public only because generated proxies, defined in other class loaders, call {@link #target()},
 * {@link #exit(int)} and {@link #exitThrowing(int, Throwable)}. Not for use outside the runtime.
 */
public final class Route {

    private final Object target;
    private final Object instance;
    private final VersionGate gate;
    private final String pluginId;
    private final String version;
    /** Written only on a call's exception path, so that a call that returns pays nothing for it. */
    private final LongAdder failures = new LongAdder();

    /** A route whose calls go straight to {@code target}, on the caller's context class loader. */
    public Route(Object target, VersionGate gate, String pluginId, String version) {
        this(target, target, gate, pluginId, version);
    }

    private Route(Object target, Object instance, VersionGate gate, String pluginId, String version) {
        this.target = target;
        this.instance = instance;
        this.gate = gate;
        this.pluginId = pluginId;
        this.version = version;
    }

    /**
     * A route whose every call runs with {@code loader} as the thread's context class loader, the caller's being put
     * back when the call returns or throws. Routes made with the constructor are untouched by this: their calls cost
     * what they always did.
     *
     * @param service  the service interface {@code instance} serves
     * @param instance the implementation
     * @param loader   the plugin's class loader, which must resolve {@code service} to the same interface
     * @throws IllegalArgumentException if {@code loader} sees another {@code service}
     */
    public static Route settingContextLoader(Class<?> service, Object instance, ClassLoader loader, VersionGate gate,
                                             String pluginId, String version) {
        return new Route(ContextLoaderTarget.wrap(service, instance, loader), instance, gate, pluginId, version);
    }

    /**
     * @return what the proxy calls: the implementation instance, or for a route that sets the context class loader,
     *         an object of a generated class that sets it around a call to the instance
     */
    public Object target() {
        return target;
    }

    /** @return the implementation instance, whatever {@link #target()} wraps it in */
    public Object instance() {
        return instance;
    }

    /**
     * Ends a call that {@link ServiceSlot#tryEnter(Route)} let in on this route.
     *
     * @param ticket what entering returned, or for a call that {@link ServiceSlot#enter()} let in, {@link #ticket()}
     */
    public void exit(int ticket) {
        gate.exit(ticket);
    }

    /**
     * Ends a call that entered this route and that is throwing {@code thrown}. An unchecked exception counts as a
     * failure of the implementation; a checked one is part of the interface's contract, and a
     * {@link ServiceUnavailableException} comes from another service's proxy, not from this code.
     */
    public void exitThrowing(int ticket, Throwable thrown) {
        gate.exit(ticket);
        if ((thrown instanceof RuntimeException || thrown instanceof Error)
                && !(thrown instanceof ServiceUnavailableException)) {
            failures.increment();
        }
    }

    /** @return the calling thread's ticket for this route's gate, once the thread has entered it */
    public int ticket() {
        return gate.ticket();
    }

    /** @return the calls on this route that ended in an unchecked exception thrown by the implementation */
    public long failures() {
        return failures.sum();
    }

    VersionGate gate() {
        return gate;
    }

    /** Counts out a call that entered this route but turns back to take the route that replaced it. */
    void cancel(int ticket) {
        gate.cancel(ticket);
    }

    public String pluginId() {
        return pluginId;
    }

    public String version() {
        return version;
    }
}

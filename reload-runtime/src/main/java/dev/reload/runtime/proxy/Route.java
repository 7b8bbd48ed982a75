package dev.reload.runtime.proxy;

/**
 * Where calls to one service go: an implementation instance and the gate of the version it belongs to. Immutable;
 * a swap replaces the route a {@link ServiceSlot} holds.
 *
 * <p>Public only because generated proxies, defined in other class loaders, call {@link #target()} and
 * {@link #exit()}. Not for use outside the runtime.
 */
public final class Route {

    private final Object target;
    private final Object instance;
    private final VersionGate gate;
    private final String pluginId;
    private final String version;

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

    /** Ends a call that {@link ServiceSlot#enter()} let in on this route. */
    public void exit() {
        gate.exit();
    }

    VersionGate gate() {
        return gate;
    }

    /** Counts out a call that entered this route but turns back to take the route that replaced it. */
    void cancel() {
        gate.cancel();
    }

    public String pluginId() {
        return pluginId;
    }

    public String version() {
        return version;
    }
}

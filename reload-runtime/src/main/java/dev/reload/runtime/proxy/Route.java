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
    private final VersionGate gate;
    private final String pluginId;
    private final String version;

    public Route(Object target, VersionGate gate, String pluginId, String version) {
        this.target = target;
        this.gate = gate;
        this.pluginId = pluginId;
        this.version = version;
    }

    /** @return the implementation instance calls go to */
    public Object target() {
        return target;
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

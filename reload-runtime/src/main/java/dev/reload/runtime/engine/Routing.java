package dev.reload.runtime.engine;

import dev.reload.runtime.log.Log;
import dev.reload.runtime.plugin.LoadedPlugin;
import dev.reload.runtime.proxy.Hold;
import dev.reload.runtime.proxy.Route;
import dev.reload.runtime.proxy.ServiceProxyFactory;
import dev.reload.runtime.proxy.ServiceSlot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Decides where each proxy's calls go, given the active version of every plugin: a proxy bound to a plugin id goes
 * to that plugin's active version; an unbound one goes to the plugin whose id sorts first among those providing the
 * interface.
 *
 * <p>One per JVM, because proxies are: {@link dev.reload.api.ServiceRegistry} hands out one proxy per interface for
 * the life of the JVM, while runtimes may start and close around it (embedded use, tests). Changes happen under
 * this object's lock, which the call path never takes.
 */
final class Routing {

    private static final Log LOG = Log.get(Routing.class);
    private static final Routing INSTANCE = new Routing();

    private final Map<SlotKey, ServiceSlot> slots = new HashMap<>();
    private final Set<String> warnedAmbiguous = new HashSet<>();
    /**
     * Per interface, the ids of the plugins that provide it, until the next {@link #update}: read without the lock,
     * as often as the application iterates {@link dev.reload.api.ServiceRegistry#all}; written under it.
     */
    private final ConcurrentMap<Class<?>, List<String>> providers = new ConcurrentHashMap<>();
    private SortedMap<String, LoadedPlugin> active = new TreeMap<>();
    private Path pluginsDirectory;
    /** The handover under way, until the next {@link #update}: proxies made meanwhile must follow it too. */
    private HandoverInProgress handover;
    /** The running runtime's refusals, by plugin id ({@code null} for every plugin): why a service may be missing. */
    private Function<String, List<String>> refusals = id -> List.of();
    private volatile Consumer<Class<?>> serviceRequests = service -> { };

    static Routing get() {
        return INSTANCE;
    }

    /**
     * Tells the running runtime that the application asks for {@code service}, before its proxy is made: the
     * interface may come from a class loader the runtime has not seen. Called without this object's lock, since the
     * runtime may load plugins, and route to them, before it returns.
     */
    void serviceRequested(Class<?> service) {
        serviceRequests.accept(service);
    }

    /**
     * @param requests told of every interface the application asks a proxy for; {@code null} when no runtime runs
     * @param refused  the files refused now of a plugin id, or of every plugin for {@code null}
     */
    synchronized void useRuntime(Consumer<Class<?>> requests, Function<String, List<String>> refused) {
        this.serviceRequests = requests == null ? service -> { } : requests;
        this.refusals = refused == null ? id -> List.of() : refused;
    }

    /** Brings what calls without a route say up to date with what was refused since. */
    synchronized void refreshUnavailableReasons() {
        for (ServiceSlot slot : slots.values()) {
            if (slot.route() == null) {
                slot.explainUnavailable(unavailableReason(slot.service(), slot.pluginId()));
            }
        }
    }

    synchronized <T> T proxy(Class<T> service, String pluginId) {
        ServiceSlot slot = new ServiceSlot(service, pluginId, unavailableReason(service, pluginId));
        T proxy = ServiceProxyFactory.create(service, slot);
        slots.put(new SlotKey(service, pluginId), slot);
        route(slot);
        return proxy;
    }

    /**
     * Points every proxy at the versions in {@code active}. A proxy whose route changes sends its later calls to the
     * new version at once; calls already inside the old one finish there.
     *
     * @param active           plugin id to its active version
     * @param pluginsDirectory the running runtime's directory, or {@code null} when no runtime runs
     */
    synchronized void update(Map<String, LoadedPlugin> active, Path pluginsDirectory) {
        this.handover = null;
        this.active = new TreeMap<>(active);
        this.pluginsDirectory = pluginsDirectory;
        providers.clear();
        for (ServiceSlot slot : slots.values()) {
            route(slot);
        }
    }

    /**
     * @return the ids of the plugins whose active version provides {@code service}, in id order; the same list
     *         until the active versions change
     */
    List<String> providers(Class<?> service) {
        List<String> ids = providers.get(service);
        if (ids == null) {
            // Under the lock every change takes, so that a list made from the versions before a change is never
            // stored after the change cleared the cache.
            synchronized (this) {
                ids = providers.computeIfAbsent(service, this::providersOf);
            }
        }
        return ids;
    }

    private List<String> providersOf(Class<?> service) {
        List<String> ids = new ArrayList<>();
        active.forEach((id, plugin) -> {
            if (routeOf(plugin, service) != null) {
                ids.add(id);
            }
        });
        return List.copyOf(ids);
    }

    /**
     * Prepares a swap from {@code from} to {@code to} in which the services in {@code held} hand over state: their
     * proxies hold later calls until the next {@link #update}; every other proxy routed to {@code from} moves to
     * {@code to} at once, so that no new call enters {@code from} and it can drain.
     *
     * @return whether any proxy moved to {@code to}
     */
    synchronized boolean holdForHandover(LoadedPlugin from, LoadedPlugin to, Set<Class<?>> held, Hold hold) {
        handover = new HandoverInProgress(from, to, held, hold);
        boolean moved = false;
        for (ServiceSlot slot : slots.values()) {
            moved |= handover.apply(slot, unavailableReason(slot.service(), slot.pluginId()));
        }
        return moved;
    }

    private void route(ServiceSlot slot) {
        String unavailable = unavailableReason(slot.service(), slot.pluginId());
        slot.reroute(choose(slot), unavailable);
        if (handover != null) {
            handover.apply(slot, unavailable);
        }
    }

    private Route choose(ServiceSlot slot) {
        Class<?> service = slot.service();
        if (slot.pluginId() != null) {
            LoadedPlugin plugin = active.get(slot.pluginId());
            return plugin == null ? null : routeOf(plugin, service);
        }
        List<String> providers = providers(service);
        if (providers.size() > 1 && warnedAmbiguous.add(service.getName())) {
            LOG.warn(service.getName() + " is provided by plugins " + String.join(", ", providers)
                    + "; ServiceRegistry.get(" + service.getSimpleName() + ".class) uses " + providers.get(0)
                    + ", the id that sorts first. Name the plugin with ServiceRegistry.get("
                    + service.getSimpleName() + ".class, \"<plugin id>\") to choose another.");
        }
        return providers.isEmpty() ? null : routeOf(active.get(providers.get(0)), service);
    }

    /**
     * The plugin's route for {@code service}; matched by name as well as by identity, for an application that holds
     * the interface from a class loader other than the one the runtime resolved it in.
     */
    private static Route routeOf(LoadedPlugin plugin, Class<?> service) {
        Route route = plugin.route(service);
        if (route != null) {
            return route;
        }
        for (Class<?> provided : plugin.services()) {
            if (provided.getName().equals(service.getName())) {
                Route candidate = plugin.route(provided);
                if (service.isInstance(candidate.target())) {
                    return candidate;
                }
            }
        }
        return null;
    }

    private String unavailableReason(Class<?> service, String pluginId) {
        if (pluginsDirectory == null) {
            return "no implementation of " + service.getName() + " is available because no reload runtime is "
                    + "running; start the JVM with -javaagent:reload-agent.jar=plugins=<plugins directory>, or "
                    + "start one in the application with ReloadRuntime.start(<plugins directory>)";
        }
        String missing = "no implementation of " + service.getName() + " is active"
                + (pluginId == null ? "" : " in plugin '" + pluginId + "'");
        List<String> refused = refusals.apply(pluginId);
        if (refused.isEmpty()) {
            return missing + ": no plugin jar in " + pluginsDirectory + " provides it";
        }
        // The jar meant to provide it is most likely among those refused: the reason is what the caller needs.
        return missing + "; refused in " + pluginsDirectory + ": " + String.join("; ", refused);
    }

    private record SlotKey(Class<?> service, String pluginId) {
    }

    /** A swap whose services in {@code held} hand over state from {@code from} to {@code to}. */
    private record HandoverInProgress(LoadedPlugin from, LoadedPlugin to, Set<Class<?>> held, Hold hold) {

        /** @return whether {@code slot}, routed to {@code from}, moved to {@code to} */
        boolean apply(ServiceSlot slot, String unavailableReason) {
            Route current = slot.route();
            Class<?> service = current == null ? null : from.services().stream()
                    .filter(s -> from.route(s) == current).findFirst().orElse(null);
            if (service == null) {
                return false;
            }
            if (held.contains(service)) {
                slot.hold(hold);
                return false;
            }
            Route next = to.route(service);
            slot.reroute(next, unavailableReason);
            return next != null;
        }
    }
}

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
    private SortedMap<String, LoadedPlugin> active = new TreeMap<>();
    private Path pluginsDirectory;
    /** The handover under way, until the next {@link #update}: proxies made meanwhile must follow it too. */
    private HandoverInProgress handover;

    static Routing get() {
        return INSTANCE;
    }

    synchronized <T> T proxy(Class<T> service, String pluginId) {
        ServiceSlot slot = new ServiceSlot(service, pluginId, unavailableReason(service, pluginId));
        T proxy = ServiceProxyFactory.create(service, slot);
        slots.put(new SlotKey(service, pluginId), slot);
        route(slot);
        return proxy;
    }

    /** @return the ids of the plugins whose active version provides {@code service}, sorted */
    synchronized List<String> providers(Class<?> service) {
        List<String> ids = new ArrayList<>();
        for (LoadedPlugin plugin : active.values()) {
            if (routeOf(plugin, service) != null) {
                ids.add(plugin.id());
            }
        }
        return ids;
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
        for (ServiceSlot slot : slots.values()) {
            route(slot);
        }
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
        List<String> providers = new ArrayList<>();
        Route chosen = null;
        for (LoadedPlugin plugin : active.values()) {
            Route route = routeOf(plugin, service);
            if (route != null) {
                providers.add(plugin.id());
                if (chosen == null) {
                    chosen = route;
                }
            }
        }
        if (providers.size() > 1 && warnedAmbiguous.add(service.getName())) {
            LOG.warn(service.getName() + " is provided by plugins " + String.join(", ", providers)
                    + "; ServiceRegistry.get(" + service.getSimpleName() + ".class) uses " + providers.get(0)
                    + ", the id that sorts first. Name the plugin with ServiceRegistry.get("
                    + service.getSimpleName() + ".class, \"<plugin id>\") to choose another.");
        }
        return chosen;
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
        return "no implementation of " + service.getName() + " is active"
                + (pluginId == null ? "" : " in plugin '" + pluginId + "'")
                + ": no plugin jar in " + pluginsDirectory + " provides it";
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

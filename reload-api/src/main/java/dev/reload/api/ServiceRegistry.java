package dev.reload.api;

import dev.reload.api.spi.ReloadBackend;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The one entry point of an application: ask for a service interface once, keep the returned object, call it for
 * as long as the application runs.
 *
 * <p>The returned object is a proxy. Each call on it is routed to the implementation that is active at that moment
 * in the plugin jars the reload runtime watches. When a newer version of a plugin arrives, later calls go to the new
 * version while calls already running finish on the old one; callers never see the swap.
 *
 * <p>All methods are thread-safe and may be called from any thread, before or after the runtime has started.
 */
public final class ServiceRegistry {

    private static final ConcurrentMap<ProxyKey, Object> PROXIES = new ConcurrentHashMap<>();
    private static final CopyOnWriteArrayList<ReloadListener> ORPHAN_LISTENERS = new CopyOnWriteArrayList<>();
    private static volatile ReloadBackend backend;
    private static volatile boolean backendLookedUp;

    private ServiceRegistry() {
    }

    /**
     * Returns the proxy for {@code service}. Every call with the same interface returns the same object.
     *
     * <p>Where several plugins provide {@code service}, calls go to the one whose plugin id sorts first, and a
     * warning says so once. Use {@link #get(Class, String)} to choose the plugin.
     *
     * @param service the service interface
     * @param <T>     the service type
     * @return the proxy, never {@code null}; calls on it throw {@link ServiceUnavailableException} while no
     *         implementation is active
     * @throws NullPointerException     if {@code service} is {@code null}
     * @throws IllegalArgumentException if {@code service} is not an interface
     */
    public static <T> T get(Class<T> service) {
        return proxy(service, null);
    }

    /**
     * Returns the proxy for {@code service} bound to the implementation from the plugin with id {@code pluginId}.
     * Every call with the same interface and plugin id returns the same object.
     *
     * @param service  the service interface
     * @param pluginId the plugin id, as read from the jar's manifest or file name
     * @param <T>      the service type
     * @return the proxy, never {@code null}; calls on it throw {@link ServiceUnavailableException} while that
     *         plugin has no active version providing {@code service}
     * @throws NullPointerException     if an argument is {@code null}
     * @throws IllegalArgumentException if {@code service} is not an interface or {@code pluginId} is blank
     */
    public static <T> T get(Class<T> service, String pluginId) {
        Objects.requireNonNull(pluginId, "pluginId");
        if (pluginId.isBlank()) {
            throw new IllegalArgumentException("pluginId must not be blank");
        }
        return proxy(service, pluginId);
    }

    /**
     * Returns a live, read-only view of every plugin that provides {@code service} now: each iteration yields, in
     * plugin-id order, the proxy {@link #get(Class, String)} returns for each plugin whose active version provides
     * the interface, so it sees plugins that arrived or left since the view was obtained. A proxy taken from it
     * keeps following its plugin's versions, and its calls throw {@link ServiceUnavailableException} once that
     * plugin no longer provides the interface. Without a runtime the view is empty.
     *
     * @param service the service interface
     * @param <T>     the service type
     * @return the view; its iterators do not support {@code remove}
     * @throws NullPointerException     if {@code service} is {@code null}
     * @throws IllegalArgumentException if {@code service} is not an interface
     */
    public static <T> Iterable<T> all(Class<T> service) {
        checkInterface(service);
        return () -> {
            ReloadBackend b = backend();
            return b == null ? List.<T>of().iterator() : b.providers(service).stream()
                    .map(pluginId -> get(service, pluginId)).iterator();
        };
    }

    /**
     * Registers a listener for loads, swaps, rejections, retirements and unloads. Listeners are called one event at
     * a time, in the order the events happened, on a thread of the runtime; a listener that throws is logged and
     * does not disturb the runtime or other listeners. Adding the same listener twice registers it once.
     *
     * @param listener the listener
     * @throws NullPointerException if {@code listener} is {@code null}
     */
    public static void addListener(ReloadListener listener) {
        Objects.requireNonNull(listener, "listener");
        ReloadBackend b = backend();
        if (b != null) {
            b.addListener(listener);
        } else {
            ORPHAN_LISTENERS.addIfAbsent(listener);
        }
    }

    /**
     * Removes a listener added with {@link #addListener(ReloadListener)}; does nothing if it was not registered.
     *
     * @param listener the listener
     * @throws NullPointerException if {@code listener} is {@code null}
     */
    public static void removeListener(ReloadListener listener) {
        Objects.requireNonNull(listener, "listener");
        ReloadBackend b = backend();
        if (b != null) {
            b.removeListener(listener);
        } else {
            ORPHAN_LISTENERS.remove(listener);
        }
    }

    private static <T> T proxy(Class<T> service, String pluginId) {
        checkInterface(service);
        Object proxy = PROXIES.computeIfAbsent(new ProxyKey(service, pluginId), ServiceRegistry::createProxy);
        return service.cast(proxy);
    }

    private static void checkInterface(Class<?> service) {
        Objects.requireNonNull(service, "service");
        if (!service.isInterface() || service.isAnnotation()) {
            throw new IllegalArgumentException(service.getName() + " is not an interface: ServiceRegistry takes "
                    + "the service interface that plugins implement (for example Greeter.class), not a class");
        }
    }

    private static Object createProxy(ProxyKey key) {
        ReloadBackend b = backend();
        if (b != null) {
            return b.proxy(key.service(), key.pluginId());
        }
        return Proxy.newProxyInstance(key.service().getClassLoader(), new Class<?>[] {key.service()},
                new NoRuntimeHandler(key.service()));
    }

    private static ReloadBackend backend() {
        if (!backendLookedUp) {
            synchronized (ServiceRegistry.class) {
                if (!backendLookedUp) {
                    backend = ServiceLoader.load(ReloadBackend.class, ServiceRegistry.class.getClassLoader())
                            .findFirst().orElse(null);
                    backendLookedUp = true;
                }
            }
        }
        return backend;
    }

    private record ProxyKey(Class<?> service, String pluginId) {
    }
}

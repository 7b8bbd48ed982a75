package dev.reload.runtime.plugin;

import dev.reload.runtime.proxy.Route;
import dev.reload.runtime.proxy.VersionGate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One plugin version, loaded and instantiated in full: its classes, one instance per implementation class, the route
 * of each service it provides, and the gate those routes share. A configuration change creates another
 * {@code LoadedPlugin} of the same classes with new instances and a gate of its own.
 */
public final class LoadedPlugin {

    private final PluginCode code;
    private final PluginConfig config;
    private final Map<Class<?>, Route> routes;
    private final List<Object> instances;
    private final VersionGate gate;
    private final AtomicBoolean closed = new AtomicBoolean();

    LoadedPlugin(PluginCode code, PluginConfig config, Map<Class<?>, Object> services, VersionGate gate) {
        this.code = code;
        this.config = config;
        this.gate = gate;
        PluginCoordinates coordinates = code.coordinates;
        Map<Class<?>, Route> routes = new LinkedHashMap<>();
        Map<Object, Boolean> distinct = new IdentityHashMap<>();
        List<Object> instances = new ArrayList<>();
        String id = coordinates.id();
        String version = coordinates.version().toString();
        services.forEach((service, instance) -> {
            routes.put(service, code.contextLoaderPerCall
                    ? Route.settingContextLoader(service, instance, code.loader, gate, id, version)
                    : new Route(instance, gate, id, version));
            if (distinct.put(instance, Boolean.TRUE) == null) {
                instances.add(instance);
            }
        });
        this.routes = routes;
        this.instances = instances;
    }

    public PluginCoordinates coordinates() {
        return code.coordinates;
    }

    public String id() {
        return code.coordinates.id();
    }

    public String version() {
        return code.coordinates.version().toString();
    }

    /** @return the file in the plugins directory this version was loaded from */
    public Path file() {
        return code.file;
    }

    /** @return which load of {@link #file()} this is; a file replaced in place loads as a new generation */
    public long generation() {
        return code.generation;
    }

    /** @return the configuration these instances were created with */
    public PluginConfig config() {
        return config;
    }

    PluginCode code() {
        return code;
    }

    /** @return whether {@code other} holds instances of the same loaded classes */
    public boolean sameCode(LoadedPlugin other) {
        return other != null && other.code == code;
    }

    public Set<Class<?>> services() {
        return routes.keySet();
    }

    /** @return the route to this version's implementation of {@code service}, or {@code null} */
    public Route route(Class<?> service) {
        return routes.get(service);
    }

    public VersionGate gate() {
        return gate;
    }

    /** @return this version's calls that ended in an unchecked exception thrown by its implementation */
    public long failures() {
        long failures = 0;
        for (Route route : routes.values()) {
            failures += route.failures();
        }
        return failures;
    }

    /** @return this version's class loader; not to be kept past retirement */
    public ClassLoader classLoader() {
        return code.loader;
    }

    /** @return the name of this version's class loader, as it appears in stack traces */
    public String loaderName() {
        return code.loader.getName();
    }

    /**
     * Closes every instance that is {@link AutoCloseable}, once, with the plugin's class loader as the thread's
     * context class loader. Later calls do nothing.
     *
     * @return a description of each close that threw, empty when all went well
     */
    public List<String> closeInstances() {
        List<String> failures = new ArrayList<>();
        if (!closed.compareAndSet(false, true)) {
            return failures;
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(code.loader);
        try {
            for (Object instance : instances) {
                if (instance instanceof AutoCloseable) {
                    try {
                        ((AutoCloseable) instance).close();
                    } catch (Throwable e) {
                        failures.add(instance.getClass().getName() + ".close() threw "
                                + ServiceDeclarations.describe(e));
                    }
                }
            }
        } finally {
            thread.setContextClassLoader(previous);
        }
        return failures;
    }

    /** @return whether no other instances of this version use its classes; they may be made later, though */
    public boolean lastUseOfClasses() {
        return code.lastUse();
    }

    /**
     * Ends these instances' use of the version's classes. The last set of instances of a version closes the class
     * loader and deletes the private copy; after that, nothing of the runtime's refers to the loader through this
     * object.
     *
     * @return the class loader when it was released, for the caller to watch for its collection (the caller must
     *         not keep it strongly); {@code null} while other instances of the version still use it
     */
    public ClassLoader release() {
        return code.release();
    }

    @Override
    public String toString() {
        return code.coordinates.id() + " " + code.coordinates.version() + " (" + code.file.getFileName() + ")";
    }
}

package dev.reload.runtime.plugin;

import dev.reload.runtime.proxy.Route;
import dev.reload.runtime.proxy.VersionGate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One plugin version, loaded and instantiated in full: its class loader, one instance per implementation class, the
 * route of each service it provides, and the gate those routes share.
 */
public final class LoadedPlugin {

    private final PluginCoordinates coordinates;
    private final Path file;
    private final long generation;
    private final Path copy;
    private final PluginClassLoader loader;
    private final Map<Class<?>, Route> routes;
    private final List<Object> instances;
    private final VersionGate gate;
    private final AtomicBoolean closed = new AtomicBoolean();

    LoadedPlugin(PluginCoordinates coordinates, Path file, long generation, Path copy, PluginClassLoader loader,
                 Map<Class<?>, Object> services, VersionGate gate) {
        this.coordinates = coordinates;
        this.file = file;
        this.generation = generation;
        this.copy = copy;
        this.loader = loader;
        this.gate = gate;
        Map<Class<?>, Route> routes = new LinkedHashMap<>();
        Map<Object, Boolean> distinct = new IdentityHashMap<>();
        List<Object> instances = new ArrayList<>();
        services.forEach((service, instance) -> {
            routes.put(service, new Route(instance, gate, coordinates.id(), coordinates.version().toString()));
            if (distinct.put(instance, Boolean.TRUE) == null) {
                instances.add(instance);
            }
        });
        this.routes = routes;
        this.instances = instances;
    }

    public PluginCoordinates coordinates() {
        return coordinates;
    }

    public String id() {
        return coordinates.id();
    }

    public String version() {
        return coordinates.version().toString();
    }

    /** @return the file in the plugins directory this version was loaded from */
    public Path file() {
        return file;
    }

    /** @return which load of {@link #file()} this is; a file replaced in place loads as a new generation */
    public long generation() {
        return generation;
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

    /** @return this version's class loader; not to be kept past retirement */
    public ClassLoader classLoader() {
        return loader;
    }

    /** @return the name of this version's class loader, as it appears in stack traces */
    public String loaderName() {
        return loader.getName();
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
        thread.setContextClassLoader(loader);
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

    /**
     * Closes the class loader and deletes the private copy of the jar. After this, nothing of the runtime's refers
     * to the plugin's loader through this object.
     *
     * @return the class loader, for the caller to watch for its collection; the caller must not keep it strongly
     */
    public ClassLoader release() {
        PluginClassLoader released = loader;
        try {
            released.close();
        } catch (IOException ignored) {
            // Only the private copy's handle; deleting the copy below is what matters.
        }
        try {
            Files.deleteIfExists(copy);
        } catch (IOException ignored) {
            // A leftover copy in the runtime's temporary directory is removed when the runtime closes.
        }
        return released;
    }

    @Override
    public String toString() {
        return coordinates.id() + " " + coordinates.version() + " (" + file.getFileName() + ")";
    }
}

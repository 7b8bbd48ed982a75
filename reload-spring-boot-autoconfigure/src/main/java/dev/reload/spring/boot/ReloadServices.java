package dev.reload.spring.boot;

import dev.reload.api.ServiceRegistry;

import java.util.Iterator;
import java.util.Objects;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Every plugin that provides a service interface now, as a bean: {@code @Autowired ReloadServices<Exporter>
 * exporters}. A live, read-only view of {@link ServiceRegistry#all(Class)}: each iteration sees the plugins that
 * provide the interface at that moment, one proxy per plugin, in plugin-id order, and a proxy kept from it follows
 * its plugin's versions. Registered for each interface named by {@link EnableReloadServices}. Thread-safe.
 *
 * @param <T> the service interface
 */
public final class ReloadServices<T> implements Iterable<T> {

    private final Class<T> service;
    private final boolean required;
    private final Iterable<T> providers;

    /**
     * @param service  the service interface
     * @param required whether the application cannot work without an implementation of it
     */
    public ReloadServices(Class<T> service, boolean required) {
        this.service = Objects.requireNonNull(service, "service");
        this.required = required;
        this.providers = ServiceRegistry.all(service);
    }

    /** @return the service interface */
    public Class<T> service() {
        return service;
    }

    /** @return whether the {@code reload} health indicator is down while no plugin provides the interface */
    public boolean isRequired() {
        return required;
    }

    /** @return whether any plugin provides the interface now */
    public boolean isAvailable() {
        return iterator().hasNext();
    }

    @Override
    public Iterator<T> iterator() {
        return providers.iterator();
    }

    /** @return the providers now, as a stream */
    public Stream<T> stream() {
        return StreamSupport.stream(spliterator(), false);
    }

    @Override
    public String toString() {
        return "ReloadServices[" + service.getName() + (required ? ", required" : "") + "]";
    }
}

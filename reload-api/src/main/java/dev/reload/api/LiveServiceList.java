package dev.reload.api;

import dev.reload.api.spi.ReloadBackend;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The view {@link ServiceRegistry#all(Class)} returns. Asks the runtime for the providing plugin ids at every
 * iteration, and makes a new list of proxies only when they changed: the runtime hands out the same list until
 * then, so iterating an extension point on every request costs a comparison.
 */
final class LiveServiceList<T> implements ServiceList<T> {

    private final Class<T> service;
    private volatile Snapshot<T> last = new Snapshot<>(List.of(), List.of());

    LiveServiceList(Class<T> service) {
        this.service = service;
    }

    @Override
    public Iterator<T> iterator() {
        return current().iterator();
    }

    @Override
    public Stream<T> stream() {
        return current().stream();
    }

    private List<T> current() {
        ReloadBackend backend = ServiceRegistry.backend();
        if (backend == null) {
            return List.of();
        }
        List<String> ids = backend.providers(service);
        Snapshot<T> snapshot = last;
        if (snapshot.ids() != ids) {
            List<T> proxies = new ArrayList<>(ids.size());
            for (String id : ids) {
                proxies.add(ServiceRegistry.get(service, id));
            }
            snapshot = new Snapshot<>(ids, List.copyOf(proxies));
            last = snapshot;
        }
        return snapshot.proxies();
    }

    @Override
    public String toString() {
        ReloadBackend backend = ServiceRegistry.backend();
        return "ServiceList[" + service.getName() + ", plugins " + (backend == null ? List.of()
                : backend.providers(service)) + "]";
    }

    /** The proxies of the plugins named in {@code ids}, in the same order. */
    private record Snapshot<T>(List<String> ids, List<T> proxies) {
    }
}

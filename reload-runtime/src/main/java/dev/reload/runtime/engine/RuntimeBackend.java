package dev.reload.runtime.engine;

import dev.reload.api.ReloadListener;
import dev.reload.api.spi.ReloadBackend;
import dev.reload.runtime.event.EventBus;
import dev.reload.runtime.log.Log;

import java.util.List;

/**
 * What {@link dev.reload.api.ServiceRegistry} finds with {@link java.util.ServiceLoader}: proxies and the providers of
 * a service come from the JVM-wide {@link Routing}, listeners go to the JVM-wide {@link EventBus}, so all of them work
 * before, during and after any one runtime.
 */
public final class RuntimeBackend implements ReloadBackend {

    @Override
    public <T> T proxy(Class<T> service, String pluginId) {
        applicationAsks(service);
        return Routing.get().proxy(service, pluginId);
    }

    @Override
    public List<String> providers(Class<?> service) {
        applicationAsks(service);
        return Routing.get().providers(service);
    }

    /**
     * The interfaces the application asks for are the runtime's sign of the application's own class loader, when a
     * launcher keeps it apart from the runtime's: its SLF4J to log through, and where plugins must load against.
     */
    private static void applicationAsks(Class<?> service) {
        Log.applicationClassLoader(service.getClassLoader());
        Routing.get().serviceRequested(service);
    }

    @Override
    public void addListener(ReloadListener listener) {
        EventBus.get().addListener(listener);
    }

    @Override
    public void removeListener(ReloadListener listener) {
        EventBus.get().removeListener(listener);
    }
}

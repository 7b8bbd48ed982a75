package dev.reload.runtime.engine;

import dev.reload.api.ReloadListener;
import dev.reload.api.spi.ReloadBackend;
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
        // The first sign of the application's own class loader when a launcher keeps it apart from the runtime's.
        Log.applicationClassLoader(service.getClassLoader());
        return Routing.get().proxy(service, pluginId);
    }

    @Override
    public List<String> providers(Class<?> service) {
        Log.applicationClassLoader(service.getClassLoader());
        return Routing.get().providers(service);
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

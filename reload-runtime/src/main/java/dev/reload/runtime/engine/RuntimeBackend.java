package dev.reload.runtime.engine;

import dev.reload.api.ReloadListener;
import dev.reload.api.spi.ReloadBackend;

import java.util.List;

/**
 * What {@link dev.reload.api.ServiceRegistry} finds with {@link java.util.ServiceLoader}: proxies come from the
 * JVM-wide {@link Routing}, listeners go to the JVM-wide {@link EventBus}, so both work before, during and after any
 * one runtime.
 */
public final class RuntimeBackend implements ReloadBackend {

    @Override
    public <T> T proxy(Class<T> service, String pluginId) {
        return Routing.get().proxy(service, pluginId);
    }

    @Override
    public List<String> providers(Class<?> service) {
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

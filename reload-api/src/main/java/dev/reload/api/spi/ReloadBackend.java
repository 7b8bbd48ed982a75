package dev.reload.api.spi;

import dev.reload.api.ReloadListener;

import java.util.List;

/**
 * Implemented by the reload runtime and found with {@link java.util.ServiceLoader}; {@link
 * dev.reload.api.ServiceRegistry} delegates to it. Applications and plugins never use this type.
 */
public interface ReloadBackend {

    /**
     * Creates the proxy for {@code service}; called once per interface and plugin id.
     *
     * @param service  the service interface
     * @param pluginId the plugin the proxy is bound to, or {@code null} for the default choice
     * @param <T>      the service type
     * @return a new proxy
     */
    <T> T proxy(Class<T> service, String pluginId);

    /**
     * @param service the service interface
     * @return the ids of the plugins whose active version provides {@code service} now, sorted
     */
    default List<String> providers(Class<?> service) {
        return List.of();
    }

    /**
     * @param listener the listener to add
     */
    void addListener(ReloadListener listener);

    /**
     * @param listener the listener to remove
     */
    void removeListener(ReloadListener listener);
}

package dev.reload.spring.boot.actuate;

import dev.reload.runtime.manage.PluginMXBean;
import dev.reload.spring.boot.ReloadServices;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the {@code reload} health indicator reports, the same for Spring Boot 3 and 4, whose health APIs differ: down
 * while a service the application marked required has no active implementation, up otherwise, with each plugin's
 * active version and last rejection, and each declared service's availability, as details.
 */
public final class ReloadHealth {

    private final RuntimeBeans beans = new RuntimeBeans();
    private final Supplier<List<ReloadServices<?>>> services;

    /** @param services the services the application declared, read at each check */
    public ReloadHealth(Supplier<List<ReloadServices<?>>> services) {
        this.services = services;
    }

    /** The outcome of one check. */
    public record Check(boolean up, Map<String, Object> details) {
    }

    public Check check() {
        boolean up = true;
        Map<String, Object> declared = new LinkedHashMap<>();
        for (ReloadServices<?> service : services.get()) {
            boolean available = service.isAvailable();
            up &= available || !service.isRequired();
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("required", service.isRequired());
            state.put("available", available);
            declared.put(service.service().getName(), state);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        if (beans.registered()) {
            details.put("pluginsDirectory", beans.registry().getPluginsDirectory());
            Map<String, Object> plugins = new LinkedHashMap<>();
            beans.plugins().forEach((id, plugin) -> plugins.put(id, describe(plugin)));
            details.put("plugins", plugins);
        }
        details.put("services", declared);
        return new Check(up, details);
    }

    /** Nulls are left out, since Spring Boot's health JSON has no place for them. */
    private static Map<String, Object> describe(PluginMXBean plugin) {
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("state", plugin.getState());
        putIfPresent(description, "activeVersion", plugin.getActiveVersion());
        putIfPresent(description, "pinnedVersion", plugin.getPinnedVersion());
        putIfPresent(description, "lastRejection", plugin.getLastRejection());
        return description;
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}

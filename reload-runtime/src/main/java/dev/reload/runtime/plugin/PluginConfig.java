package dev.reload.runtime.plugin;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * A plugin's configuration, as read from {@code <plugin id>.properties}.
 *
 * @param file    the file it was read from, or {@code null} when there is none
 * @param entries its entries, unmodifiable
 */
public record PluginConfig(Path file, Map<String, String> entries) {

    public static final PluginConfig NONE = new PluginConfig(null, Map.of());

    public PluginConfig {
        entries = java.util.Collections.unmodifiableMap(new TreeMap<>(entries));
    }
}

package dev.reload.api;

import java.nio.file.Path;
import java.util.Map;

/**
 * What the runtime tells an implementation about where it runs. An implementation class may declare a public
 * constructor taking a {@code PluginContext}, instead of or beside its no-argument constructor; the runtime prefers
 * it.
 *
 * <pre>{@code
 * public final class PricingEngine implements Pricing {
 *     private final int margin;
 *
 *     public PricingEngine(PluginContext context) {
 *         this.margin = context.intConfig("margin", 5);
 *     }
 * }
 * }</pre>
 *
 * <p>When {@code <plugin id>.properties} beside the plugin's jars changes, the runtime creates new instances of the
 * active version with the new configuration and swaps them in; a constructor that throws refuses the change.
 */
public interface PluginContext {

    /** @return the plugin's id, the jar's name without its version */
    String pluginId();

    /** @return the version of the jar this instance was loaded from */
    String version();

    /**
     * @return the entries of {@code <plugins directory>/<plugin id>.properties} when this instance was created,
     *         unmodifiable; empty when there is no such file
     */
    Map<String, String> config();

    /**
     * @return a directory private to the plugin, created on first use and kept across versions and restarts, for
     *         the files the plugin wants to keep
     */
    Path dataDirectory();

    /**
     * @param key          the configuration key
     * @param defaultValue what to return when the key is absent
     * @return the value of {@code key}, without surrounding white space, or {@code defaultValue}
     */
    default String config(String key, String defaultValue) {
        String value = config().get(key);
        return value == null ? defaultValue : value.strip();
    }

    /**
     * @param key          the configuration key
     * @param defaultValue what to return when the key is absent
     * @return the value of {@code key} as an int, or {@code defaultValue}
     * @throws IllegalArgumentException if the value is not an int, naming the key and the value
     */
    default int intConfig(String key, int defaultValue) {
        String value = config(key, null);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(pluginId() + ".properties: " + key + "=" + value + " is not an int");
        }
    }

    /**
     * @param key          the configuration key
     * @param defaultValue what to return when the key is absent
     * @return the value of {@code key} as a long, or {@code defaultValue}
     * @throws IllegalArgumentException if the value is not a long, naming the key and the value
     */
    default long longConfig(String key, long defaultValue) {
        String value = config(key, null);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(pluginId() + ".properties: " + key + "=" + value + " is not a long");
        }
    }

    /**
     * @param key          the configuration key
     * @param defaultValue what to return when the key is absent
     * @return {@code true} for "true", {@code false} for "false" (any case), or {@code defaultValue}
     * @throws IllegalArgumentException if the value is neither, naming the key and the value
     */
    default boolean booleanConfig(String key, boolean defaultValue) {
        String value = config(key, null);
        if (value == null) {
            return defaultValue;
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new IllegalArgumentException(pluginId() + ".properties: " + key + "=" + value
                + " is neither true nor false");
    }
}

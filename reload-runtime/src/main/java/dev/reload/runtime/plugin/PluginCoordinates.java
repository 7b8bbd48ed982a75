package dev.reload.runtime.plugin;

import java.util.Objects;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

/**
 * The plugin id and version of a jar: from the manifest attributes {@code Reload-Plugin-Id} and
 * {@code Reload-Plugin-Version} where present, otherwise from the file name {@code <id>-<version>.jar}, where the
 * version starts after the first {@code -} that is followed by a digit.
 */
public record PluginCoordinates(String id, PluginVersion version) {

    public static final String ID_ATTRIBUTE = "Reload-Plugin-Id";
    public static final String VERSION_ATTRIBUTE = "Reload-Plugin-Version";

    public PluginCoordinates {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
    }

    /**
     * @param fileName the jar's file name, such as {@code order-service-2.10.0.jar}
     * @param manifest the jar's manifest, or {@code null}
     * @return the coordinates
     * @throws IllegalArgumentException naming what is missing or malformed
     */
    public static PluginCoordinates of(String fileName, Manifest manifest) {
        Attributes main = manifest == null ? null : manifest.getMainAttributes();
        String id = main == null ? null : trimToNull(main.getValue(ID_ATTRIBUTE));
        String version = main == null ? null : trimToNull(main.getValue(VERSION_ATTRIBUTE));
        if (id == null || version == null) {
            String base = fileName.endsWith(".jar") ? fileName.substring(0, fileName.length() - 4) : fileName;
            int dash = versionDash(base);
            if (dash < 0) {
                String missing = version == null ? "version" : "id";
                throw new IllegalArgumentException("cannot tell the plugin " + missing + ": the manifest has no "
                        + (version == null ? VERSION_ATTRIBUTE : ID_ATTRIBUTE)
                        + " and the file name is not <id>-<version>.jar (the version starts after the first '-' "
                        + "followed by a digit)");
            }
            if (id == null) {
                id = base.substring(0, dash);
            }
            if (version == null) {
                version = base.substring(dash + 1);
            }
        }
        if (id.isEmpty()) {
            throw new IllegalArgumentException("the plugin id is empty");
        }
        PluginVersion parsed;
        try {
            parsed = PluginVersion.parse(version);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad plugin version: " + e.getMessage(), e);
        }
        return new PluginCoordinates(id, parsed);
    }

    private static int versionDash(String base) {
        for (int i = 0; i < base.length() - 1; i++) {
            if (base.charAt(i) == '-' && Character.isDigit(base.charAt(i + 1))) {
                return i;
            }
        }
        return -1;
    }

    private static String trimToNull(String s) {
        if (s == null) {
            return null;
        }
        String t = s.trim();
        return t.isEmpty() ? null : t;
    }

    @Override
    public String toString() {
        return id + " " + version;
    }
}

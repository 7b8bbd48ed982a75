package dev.reload.runtime.plugin;

import org.apache.maven.artifact.versioning.ComparableVersion;

import java.util.Objects;

/**
 * A plugin version, ordered by Maven's own {@link ComparableVersion}, so a plugin's versions sort exactly as its
 * build tool sorts them: numbers compare as numbers ({@code 1.10.0 > 1.9.0}), trailing zeros do not count
 * ({@code 1.0 == 1.0.0}), and the well-known qualifiers rank {@code alpha < beta < milestone < rc < snapshot <
 * (release) < sp}, with unknown qualifiers after {@code sp} in alphabetical order:
 * {@code 1.0.0-rc1 < 1.0.0-SNAPSHOT < 1.0.0 < 1.0.0-sp1 < 1.0.1}.
 *
 * <p>What this class adds is what a file name may carry: a version starts with a digit and holds only ASCII letters,
 * digits, {@code .}, {@code -}, {@code _} and {@code +}.
 */
public final class PluginVersion implements Comparable<PluginVersion> {

    private final String text;
    private final ComparableVersion order;
    private final boolean development;

    private PluginVersion(String text, boolean development) {
        this.text = text;
        this.order = new ComparableVersion(text);
        this.development = development;
    }

    /**
     * The version of one generation of an exploded plugin: {@code 1.4.0-dev.7} for the seventh generation of a
     * directory whose manifest says {@code 1.4.0}, {@code dev.7} when it says none. Only this method makes a
     * development version: a jar whose version reads the same is an ordinary version.
     *
     * @param base       the version the directory's manifest gives, or {@code null}
     * @param generation the generation, from 1
     * @return the development version
     */
    public static PluginVersion development(PluginVersion base, long generation) {
        return new PluginVersion((base == null ? "" : base.text + "-") + "dev." + generation, true);
    }

    /** @return whether this is a generation of an exploded plugin, which takes precedence over every jar */
    public boolean isDevelopment() {
        return development;
    }

    /**
     * @param text a version such as {@code 1.2.0} or {@code 2.0.0-rc1}
     * @return the parsed version
     * @throws IllegalArgumentException if {@code text} does not start with a digit or holds characters other than
     *                                  letters, digits, {@code .}, {@code -}, {@code _} and {@code +}
     */
    public static PluginVersion parse(String text) {
        Objects.requireNonNull(text, "text");
        String trimmed = text.trim();
        if (trimmed.isEmpty() || !Character.isDigit(trimmed.charAt(0))) {
            throw new IllegalArgumentException("'" + text + "' is not a version: a version starts with a digit");
        }
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128) && c != '.' && c != '-' && c != '_' && c != '+') {
                throw new IllegalArgumentException("'" + text + "' is not a version: it contains '" + c + "'");
            }
        }
        return new PluginVersion(trimmed, false);
    }

    @Override
    public int compareTo(PluginVersion other) {
        return order.compareTo(other.order);
    }

    /**
     * @return the version as written
     */
    @Override
    public String toString() {
        return text;
    }

    /**
     * Versions are equal when they order the same, so {@code 1.0} equals {@code 1.0.0}.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof PluginVersion && compareTo((PluginVersion) o) == 0;
    }

    /** Maven's hash of the parsed items: equal for versions that order the same. */
    @Override
    public int hashCode() {
        return order.hashCode();
    }
}

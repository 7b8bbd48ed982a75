package dev.reload.runtime.plugin;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A plugin version, ordered the way Maven orders versions: numbers compare as numbers ({@code 1.10.0 > 1.9.0}),
 * trailing zeros do not count ({@code 1.0 == 1.0.0}), and the well-known qualifiers rank
 * {@code alpha < beta < milestone < rc < snapshot < (release) < sp}, with unknown qualifiers after {@code sp} in
 * alphabetical order: {@code 1.0.0-rc1 < 1.0.0-SNAPSHOT < 1.0.0 < 1.0.0-sp1 < 1.0.1}.
 */
public final class PluginVersion implements Comparable<PluginVersion> {

    private static final List<String> QUALIFIERS = List.of("alpha", "beta", "milestone", "rc", "snapshot", "", "sp");
    private static final int RELEASE = QUALIFIERS.indexOf("");

    private final String text;
    private final List<Object> items;

    private PluginVersion(String text, List<Object> items) {
        this.text = text;
        this.items = items;
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
        return new PluginVersion(trimmed, tokenize(trimmed.toLowerCase(Locale.ROOT)));
    }

    private static List<Object> tokenize(String s) {
        List<Object> items = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= s.length(); i++) {
            boolean end = i == s.length();
            boolean separator = !end && isSeparator(s.charAt(i));
            boolean transition = !end && !separator && !isSeparator(s.charAt(i - 1))
                    && Character.isDigit(s.charAt(i)) != Character.isDigit(s.charAt(i - 1));
            if (end || separator || transition) {
                if (i > start) {
                    items.add(item(s.substring(start, i), !end && transition));
                }
                start = separator ? i + 1 : i;
            }
        }
        // Trailing zeros and release qualifiers do not change a version: 1.0 == 1.0.0 == 1.0.0-final.
        while (!items.isEmpty() && isNull(items.get(items.size() - 1))) {
            items.remove(items.size() - 1);
        }
        return List.copyOf(items);
    }

    private static boolean isSeparator(char c) {
        return c == '.' || c == '-' || c == '_' || c == '+';
    }

    private static Object item(String token, boolean followedByDigit) {
        if (Character.isDigit(token.charAt(0))) {
            return new BigInteger(token);
        }
        switch (token) {
            case "a":
                return followedByDigit ? "alpha" : token;
            case "b":
                return followedByDigit ? "beta" : token;
            case "m":
                return followedByDigit ? "milestone" : token;
            case "cr":
                return "rc";
            case "ga":
            case "final":
            case "release":
                return "";
            default:
                return token;
        }
    }

    private static boolean isNull(Object item) {
        return item instanceof BigInteger ? ((BigInteger) item).signum() == 0 : ((String) item).isEmpty();
    }

    @Override
    public int compareTo(PluginVersion other) {
        int n = Math.max(items.size(), other.items.size());
        for (int i = 0; i < n; i++) {
            Object a = i < items.size() ? items.get(i) : null;
            Object b = i < other.items.size() ? other.items.get(i) : null;
            int c = compareItems(a, b);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int compareItems(Object a, Object b) {
        if (a == null) {
            return -compareItems(b, null);
        }
        if (a instanceof BigInteger) {
            BigInteger x = (BigInteger) a;
            if (b == null) {
                return x.signum();
            }
            return b instanceof BigInteger ? x.compareTo((BigInteger) b) : 1;
        }
        String x = (String) a;
        if (b == null) {
            return Integer.compare(rank(x), RELEASE);
        }
        if (b instanceof BigInteger) {
            return -1;
        }
        String y = (String) b;
        int c = Integer.compare(rank(x), rank(y));
        return c != 0 ? c : x.compareTo(y);
    }

    private static int rank(String qualifier) {
        int i = QUALIFIERS.indexOf(qualifier);
        return i >= 0 ? i : QUALIFIERS.size();
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

    @Override
    public int hashCode() {
        return items.hashCode();
    }
}

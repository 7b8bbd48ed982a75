package dev.reload.runtime.plugin;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A plugin version, ordered exactly as Maven orders versions ({@code ComparableVersion}): numbers compare as numbers
 * ({@code 1.10.0 > 1.9.0}), trailing zeros do not count ({@code 1.0 == 1.0.0}), what follows a {@code -} is a
 * sub-version that sorts below a further number ({@code 2-1 < 2.0.2}), and the well-known qualifiers rank
 * {@code alpha < beta < milestone < rc < snapshot < (release) < sp}, with unknown qualifiers after {@code sp} in
 * alphabetical order: {@code 1.0.0-rc1 < 1.0.0-SNAPSHOT < 1.0.0 < 1.0.0-sp1 < 1.0.1}.
 */
public final class PluginVersion implements Comparable<PluginVersion> {

    private final String text;
    private final ListItem items;

    private PluginVersion(String text, ListItem items) {
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
        return new PluginVersion(trimmed, parseItems(trimmed.toLowerCase(Locale.ROOT)));
    }

    /** Maven's parse: '.' separates items, '-' and a switch between digits and letters open a nested list. */
    private static ListItem parseItems(String version) {
        ListItem root = new ListItem();
        ListItem list = root;
        Deque<ListItem> stack = new ArrayDeque<>();
        stack.push(list);
        boolean isDigit = false;
        int start = 0;
        for (int i = 0; i < version.length(); i++) {
            char c = version.charAt(i);
            if (c == '.') {
                list.add(i == start ? IntItem.ZERO : item(isDigit, version.substring(start, i)));
                start = i + 1;
            } else if (c == '-') {
                list.add(i == start ? IntItem.ZERO : item(isDigit, version.substring(start, i)));
                start = i + 1;
                list = nested(list, stack);
            } else if (Character.isDigit(c)) {
                if (!isDigit && i > start) {
                    list.add(new StringItem(version.substring(start, i), true));
                    start = i;
                    list = nested(list, stack);
                }
                isDigit = true;
            } else {
                if (isDigit && i > start) {
                    list.add(item(true, version.substring(start, i)));
                    start = i;
                    list = nested(list, stack);
                }
                isDigit = false;
            }
        }
        if (version.length() > start) {
            list.add(item(isDigit, version.substring(start)));
        }
        while (!stack.isEmpty()) {
            stack.pop().normalize();
        }
        return root;
    }

    private static ListItem nested(ListItem list, Deque<ListItem> stack) {
        ListItem child = new ListItem();
        list.add(child);
        stack.push(child);
        return child;
    }

    private static Item item(boolean isDigit, String token) {
        return isDigit ? new IntItem(new BigInteger(token)) : new StringItem(token, false);
    }

    @Override
    public int compareTo(PluginVersion other) {
        return items.compareTo(other.items);
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
        return items.canonical().hashCode();
    }

    private interface Item {
        int compareTo(Item other);

        boolean isNull();

        String canonical();
    }

    private static final class IntItem implements Item {
        static final IntItem ZERO = new IntItem(BigInteger.ZERO);

        private final BigInteger value;

        IntItem(BigInteger value) {
            this.value = value;
        }

        @Override
        public int compareTo(Item other) {
            if (other == null) {
                return value.signum() == 0 ? 0 : 1;
            }
            return other instanceof IntItem ? value.compareTo(((IntItem) other).value) : 1;
        }

        @Override
        public boolean isNull() {
            return value.signum() == 0;
        }

        @Override
        public String canonical() {
            return value.toString();
        }
    }

    private static final class StringItem implements Item {
        private static final List<String> QUALIFIERS =
                List.of("alpha", "beta", "milestone", "rc", "snapshot", "", "sp");
        private static final String RELEASE = String.valueOf(QUALIFIERS.indexOf(""));

        private final String value;

        StringItem(String value, boolean followedByDigit) {
            if (followedByDigit && value.length() == 1) {
                value = value.equals("a") ? "alpha" : value.equals("b") ? "beta" : value.equals("m") ? "milestone"
                        : value;
            }
            this.value = value.equals("ga") || value.equals("final") || value.equals("release") ? ""
                    : value.equals("cr") ? "rc" : value;
        }

        /** Known qualifiers by rank, unknown ones after all of them, alphabetically: compared as strings. */
        private static String comparable(String qualifier) {
            int i = QUALIFIERS.indexOf(qualifier);
            return i == -1 ? QUALIFIERS.size() + "-" + qualifier : String.valueOf(i);
        }

        @Override
        public int compareTo(Item other) {
            if (other == null) {
                return comparable(value).compareTo(RELEASE);
            }
            if (other instanceof StringItem) {
                return comparable(value).compareTo(comparable(((StringItem) other).value));
            }
            return -1;
        }

        @Override
        public boolean isNull() {
            return comparable(value).equals(RELEASE);
        }

        @Override
        public String canonical() {
            return value;
        }
    }

    private static final class ListItem extends ArrayList<Item> implements Item {
        private static final long serialVersionUID = 1L;

        @Override
        public int compareTo(Item other) {
            if (other == null) {
                return isEmpty() ? 0 : get(0).compareTo(null);
            }
            if (other instanceof IntItem) {
                return -1;
            }
            if (other instanceof StringItem) {
                return 1;
            }
            Iterator<Item> left = iterator();
            Iterator<Item> right = ((ListItem) other).iterator();
            while (left.hasNext() || right.hasNext()) {
                Item l = left.hasNext() ? left.next() : null;
                Item r = right.hasNext() ? right.next() : null;
                int result = l == null ? (r == null ? 0 : -r.compareTo(null)) : l.compareTo(r);
                if (result != 0) {
                    return result;
                }
            }
            return 0;
        }

        @Override
        public boolean isNull() {
            return isEmpty();
        }

        /** Drops trailing zeros, release qualifiers and empty lists: 1.0.0 is 1. */
        void normalize() {
            for (int i = size() - 1; i >= 0; i--) {
                Item last = get(i);
                if (last.isNull()) {
                    remove(i);
                } else if (!(last instanceof ListItem)) {
                    break;
                }
            }
        }

        @Override
        public String canonical() {
            StringBuilder out = new StringBuilder("[");
            for (Item item : this) {
                out.append(item.canonical()).append(',');
            }
            return out.append(']').toString();
        }
    }
}

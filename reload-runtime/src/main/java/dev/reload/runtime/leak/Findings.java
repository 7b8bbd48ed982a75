package dev.reload.runtime.leak;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The answer of one search: what holds the loader, then what could not be checked, grouped by the reason. */
final class Findings {

    private final List<String> holders = new ArrayList<>();
    private final Map<String, Set<String>> notChecked = new LinkedHashMap<>();

    void holder(String line) {
        holders.add(line);
    }

    /** @return whether the package is open to reload; if not, notes that {@code what} was not checked */
    boolean canRead(String what, String packageName) {
        if (JavaBase.isOpen(packageName)) {
            return true;
        }
        notChecked(what, JavaBase.notOpen(packageName));
        return false;
    }

    void notChecked(String what, String why) {
        notChecked.computeIfAbsent(why, k -> new LinkedHashSet<>()).add(what);
    }

    List<String> lines() {
        List<String> lines = new ArrayList<>(holders);
        notChecked.forEach((why, whats) -> lines.add(enumerate(new ArrayList<>(whats)) + " not checked: " + why));
        return List.copyOf(lines);
    }

    private static String enumerate(List<String> items) {
        if (items.size() == 1) {
            return items.get(0);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }
}

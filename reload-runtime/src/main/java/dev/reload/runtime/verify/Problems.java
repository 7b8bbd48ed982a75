package dev.reload.runtime.verify;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The problems found in one jar, each once, in the order found; the list is cut short for a human to read. */
final class Problems {

    static final int LISTED = 20;

    private final Set<String> found = new LinkedHashSet<>();

    void add(String problem) {
        found.add(problem);
    }

    /** @return the first {@value #LISTED} problems, then {@code "and N more"} if there are more */
    List<String> list() {
        if (found.size() <= LISTED) {
            return List.copyOf(found);
        }
        List<String> listed = new ArrayList<>(LISTED + 1);
        for (String problem : found) {
            if (listed.size() == LISTED) {
                break;
            }
            listed.add(problem);
        }
        listed.add("and " + (found.size() - LISTED) + " more");
        return List.copyOf(listed);
    }
}

package dev.reload.testkit;

import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A host class that plugin code compiled in tests hands its class loader to, held weakly, so that a test can tell
 * whether the loader of a version that never served, and so never unloads with an event, was collected.
 */
public final class WeakLoaders {

    private static final Map<String, WeakReference<ClassLoader>> LOADERS = new ConcurrentHashMap<>();

    private WeakLoaders() {
    }

    /** Called by plugin code. */
    public static void remember(String label, ClassLoader loader) {
        LOADERS.put(label, new WeakReference<>(loader));
    }

    /** @return whether a loader was remembered under {@code label} and has been collected since */
    public static boolean collected(String label) {
        WeakReference<ClassLoader> ref = LOADERS.get(label);
        return ref != null && ref.get() == null;
    }
}

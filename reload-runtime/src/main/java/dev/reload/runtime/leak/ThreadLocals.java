package dev.reload.runtime.leak;

import java.lang.ref.Reference;
import java.util.Collection;

/**
 * Thread-local values that keep the plugin loaded: a value of a plugin class, or held in a thread local of a plugin
 * class, in the map of any live thread. Host threads outlive plugin versions, and a value a plugin sets during a
 * call and never removes stays in the thread's map, reachable, until the thread dies; even a collected thread local
 * leaves its value there until the map happens to expunge the stale entry.
 */
final class ThreadLocals {

    private static final String WHAT = "thread locals";
    private static final JdkField LOCALS = new JdkField("java.lang.Thread", "threadLocals");
    private static final JdkField INHERITABLE_LOCALS = new JdkField("java.lang.Thread", "inheritableThreadLocals");
    private static final JdkField TABLE = new JdkField("java.lang.ThreadLocal$ThreadLocalMap", "table");
    private static final JdkField VALUE = new JdkField("java.lang.ThreadLocal$ThreadLocalMap$Entry", "value");

    private ThreadLocals() {
    }

    static void check(Collection<Thread> threads, LoaderFamily family, Findings findings) {
        if (!findings.canRead(WHAT, JavaBase.JAVA_LANG)) {
            return;
        }
        try {
            for (Thread thread : threads) {
                check(thread, LOCALS.get(thread), "a thread local", family, findings);
                check(thread, INHERITABLE_LOCALS.get(thread), "an inheritable thread local", family, findings);
            }
        } catch (ReflectiveOperationException e) {
            findings.notChecked(WHAT, e.getMessage());
        }
    }

    /**
     * Reads another thread's map without its owner's cooperation, as a servlet container does at undeploy: the
     * owner may replace the table or an entry meanwhile, which at worst misses or repeats a value that was being
     * set or removed at that very moment.
     */
    private static void check(Thread thread, Object map, String kind, LoaderFamily family, Findings findings)
            throws ReflectiveOperationException {
        if (map == null) {
            return;
        }
        Object[] table = (Object[]) TABLE.get(map);
        for (Object entry : table) {
            if (entry == null) {
                continue;
            }
            Object key = ((Reference<?>) entry).get();
            Object value = VALUE.get(entry);
            boolean pluginKey = key != null && family.owns(key.getClass());
            String pluginValue = family.heldBy(value);
            if (pluginKey || pluginValue != null) {
                String local = key == null ? "already collected"
                        : key.getClass().getName() + (pluginKey ? " (a plugin class)" : "");
                String held = pluginValue != null ? pluginValue
                        : value == null ? "null" : value.getClass().getName();
                findings.holder("thread \"" + thread.getName() + "\" keeps the plugin loaded through " + kind
                        + ": ThreadLocal " + local + ", value " + held);
            }
        }
    }
}

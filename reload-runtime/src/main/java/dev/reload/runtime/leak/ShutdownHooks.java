package dev.reload.runtime.leak;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Shutdown hooks that keep the plugin loaded. The JDK keeps a registered hook, a thread not yet started, until the
 * JVM exits, and offers no way to list them: they are read from {@code ApplicationShutdownHooks.hooks}.
 */
final class ShutdownHooks {

    private static final String WHAT = "shutdown hooks";
    private static final JdkField HOOKS = new JdkField("java.lang.ApplicationShutdownHooks", "hooks");

    private ShutdownHooks() {
    }

    static void check(LoaderFamily family, Findings findings) {
        if (!findings.canRead(WHAT, JavaBase.JAVA_LANG)) {
            return;
        }
        List<Thread> hooks;
        try {
            hooks = registered();
        } catch (ReflectiveOperationException e) {
            findings.notChecked(WHAT, e.getMessage());
            return;
        }
        for (Thread hook : hooks) {
            List<String> reasons = ThreadHolds.reasons(hook, family, findings);
            if (!reasons.isEmpty()) {
                findings.holder("shutdown hook \"" + hook.getName() + "\" keeps the plugin loaded: "
                        + String.join("; ", reasons));
            }
        }
    }

    private static List<Thread> registered() throws ReflectiveOperationException {
        Field field = HOOKS.resolve();
        // ApplicationShutdownHooks changes its IdentityHashMap only in static synchronized methods, so the class's
        // monitor is the lock that makes the copy consistent. The map is null once the JVM has started to exit.
        synchronized (field.getDeclaringClass()) {
            Map<?, ?> hooks = (Map<?, ?>) field.get(null);
            List<Thread> threads = new ArrayList<>();
            if (hooks != null) {
                for (Object hook : hooks.keySet()) {
                    threads.add((Thread) hook);
                }
            }
            return threads;
        }
    }
}

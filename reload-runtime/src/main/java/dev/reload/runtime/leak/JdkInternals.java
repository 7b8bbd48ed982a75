package dev.reload.runtime.leak;

import java.lang.instrument.Instrumentation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Opens the packages of {@code java.base} whose private fields the {@link LeakFinder} reads: {@code java.lang} for
 * thread locals, Runnable targets and shutdown hooks, {@code java.util} for the queues of timers, and
 * {@code java.security} for the access control context through which a thread keeps the code that created it.
 *
 * <p>They are opened to the finder's own code only: the unnamed module of {@link FinderLoader}, which nothing else
 * shares. The module of reload's classes is not opened: run from the class path, as the agent runs, that is the
 * unnamed module of the application class loader, and opening it would let every class of the application, and of
 * every library on its class path, reach into the JDK. {@code java.util.logging} and {@code java.sql} need no
 * opening: loggers are read through their public API, and drivers through a probe run in the plugin's loader.
 */
public final class JdkInternals {

    private static final List<String> PACKAGES = List.of(JavaBase.JAVA_LANG, JavaBase.JAVA_UTIL,
            JavaBase.JAVA_SECURITY);

    private JdkInternals() {
    }

    /**
     * Opens {@code java.lang}, {@code java.util} and {@code java.security} of {@code java.base} to the leak finder's
     * code, and to nothing else. Meant for the agent's {@code premain} or {@code agentmain}; calling it again does
     * no harm.
     *
     * @param inst the agent's instrumentation
     * @throws java.lang.instrument.UnmodifiableModuleException if this JVM does not let agents modify java.base
     */
    public static void openJdkInternals(Instrumentation inst) {
        Module finder = FinderLoader.module();
        Map<String, Set<Module>> opens = new HashMap<>();
        for (String packageName : PACKAGES) {
            opens.put(packageName, Set.of(finder));
        }
        inst.redefineModule(Object.class.getModule(), Set.of(), Map.of(), opens, Set.of(), Map.of());
    }
}

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
 * <p>They are opened to the module of reload's classes only. Run from the class path, as the agent runs, that is the
 * unnamed module of the application class loader, which the application's own classes share; each plugin is in the
 * unnamed module of its own loader and gains nothing. {@code java.util.logging} and {@code java.sql} need no
 * opening: loggers are read through their public API, and drivers through a probe run in the plugin's loader.
 */
public final class JdkInternals {

    static final String JAVA_LANG = "java.lang";
    static final String JAVA_UTIL = "java.util";
    static final String JAVA_SECURITY = "java.security";

    private static final List<String> PACKAGES = List.of(JAVA_LANG, JAVA_UTIL, JAVA_SECURITY);
    private static final Module READER = JdkInternals.class.getModule();

    private JdkInternals() {
    }

    /**
     * Opens {@code java.lang}, {@code java.util} and {@code java.security} of {@code java.base} to the module of
     * reload's classes. Meant for the agent's {@code premain} or {@code agentmain}; calling it again does no harm.
     *
     * @param inst the agent's instrumentation
     * @throws java.lang.instrument.UnmodifiableModuleException if this JVM does not let agents modify java.base
     */
    public static void openJdkInternals(Instrumentation inst) {
        Map<String, Set<Module>> opens = new HashMap<>();
        for (String packageName : PACKAGES) {
            opens.put(packageName, Set.of(READER));
        }
        inst.redefineModule(Object.class.getModule(), Set.of(), Map.of(), opens, Set.of(), Map.of());
    }

    static boolean isOpen(String packageName) {
        return Object.class.getModule().isOpen(packageName, READER);
    }

    /** @return why a package cannot be read and the flag that fixes it, for a "not checked" line */
    static String notOpen(String packageName) {
        String reader = READER.isNamed() ? READER.getName() : "reload (an unnamed module)";
        String target = READER.isNamed() ? READER.getName() : "ALL-UNNAMED";
        return "java.base does not open " + packageName + " to " + reader
                + "; run with the reload agent or --add-opens java.base/" + packageName + "=" + target;
    }
}

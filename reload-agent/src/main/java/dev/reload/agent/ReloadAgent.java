package dev.reload.agent;

import dev.reload.agent.supervise.SupervisedGeneration;
import dev.reload.runtime.ReloadOptions;
import dev.reload.runtime.ReloadRuntime;
import dev.reload.runtime.leak.JdkInternals;
import dev.reload.runtime.log.Log;

import java.lang.instrument.Instrumentation;

/**
 * The {@code -javaagent} entry point: {@code -javaagent:reload-agent.jar=plugins=DIR,drainTimeout=30s}.
 *
 * <p>Loads every jar already in the plugins directory before {@code main} runs, so the application's first call is
 * served, then watches the directory. A bad option stops the JVM before {@code main}, with a message naming it: a
 * service that starts with a typo in its deployment should fail at once, not run without its plugins.
 */
public final class ReloadAgent {

    /** The exit status of a JVM whose agent options are wrong. */
    static final int BAD_OPTIONS = 2;
    /** The exit status of a JVM whose plugins directory cannot be used. */
    static final int CANNOT_START = 3;

    private ReloadAgent() {
    }

    /**
     * @param arguments       the agent options
     * @param instrumentation opens the JDK internals the leak check reads
     */
    public static void premain(String arguments, Instrumentation instrumentation) {
        ReloadOptions options;
        try {
            options = ReloadOptions.parse(arguments);
        } catch (IllegalArgumentException e) {
            System.err.println("reload-agent: " + e.getMessage());
            System.err.println("reload-agent: usage: -javaagent:reload-agent.jar[=plugins=DIR,drainTimeout=30s,...]");
            System.exit(BAD_OPTIONS);
            return;
        }
        // premain runs on the main thread. A launcher that keeps the application's libraries in a class loader of
        // its own, such as a Spring Boot executable jar's, makes that loader the main thread's context class loader
        // before it calls the application's main: from then on the runtime logs through the application's SLF4J.
        Log.followContextClassLoader(Thread.currentThread());
        try {
            start(options, instrumentation);
        } catch (RuntimeException e) {
            System.err.println("reload-agent: " + e.getMessage());
            System.exit(CANNOT_START);
        }
    }

    /**
     * Loading the agent into a running JVM starts the runtime the same way, except that a bad option or an unusable
     * directory fails the attach instead of stopping a JVM that is already serving.
     *
     * @param arguments       the agent options
     * @param instrumentation opens the JDK internals the leak check reads
     * @throws IllegalArgumentException if an option is unknown or has a bad value
     */
    public static void agentmain(String arguments, Instrumentation instrumentation) {
        start(ReloadOptions.parse(arguments), instrumentation);
    }

    private static void start(ReloadOptions options, Instrumentation instrumentation) {
        // The leak check reads JDK internals (thread locals, shutdown hooks, JDBC drivers); only an agent may open
        // them without flags on the command line.
        JdkInternals.openJdkInternals(instrumentation);
        SupervisedGeneration.prepare(instrumentation);
        // No application class loader is named: before main, the only one is the system class loader, and the
        // application may yet live in a loader of its own (a Spring Boot launcher's, DevTools' restart loader). The
        // runtime follows the loader of the interfaces the application asks for.
        ReloadRuntime.start(options);
    }
}

package dev.reload.agent.supervise;

import dev.reload.api.ListeningSockets;

import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The agent's part in a generation's life, in the application's JVM: lets {@link ListeningSockets} take the inherited
 * sockets, and stops the JVM gracefully when its supervisor disappears, so that no orphan keeps serving on the port
 * after the supervisor was killed.
 */
public final class SupervisedGeneration {

    private SupervisedGeneration() {
    }

    /**
     * Opens {@code java.base/sun.nio.ch} to the API, and watches the supervisor if this JVM is a generation of one.
     *
     * @param instrumentation the agent's, which may open JDK packages without flags on the command line
     */
    public static void prepare(Instrumentation instrumentation) {
        Module javaBase = Object.class.getModule();
        if (instrumentation.isModifiableModule(javaBase)) {
            instrumentation.redefineModule(javaBase, Set.of(), Map.of(),
                    Map.of("sun.nio.ch", Set.of(ListeningSockets.class.getModule())), Set.of(), Map.of());
        }
        watchSupervisor(System.getenv());
    }

    private static void watchSupervisor(Map<String, String> env) {
        String supervisor = env.get(GenerationEnvironment.SUPERVISOR_PID);
        if (supervisor == null || !String.valueOf(ProcessHandle.current().pid()).equals(env.get("LISTEN_PID"))) {
            return;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(Long.parseLong(supervisor));
        if (handle.isEmpty()) {
            stop(supervisor);
            return;
        }
        handle.get().onExit().thenRun(() -> stop(supervisor));
    }

    /** Exits as SIGTERM would, running the shutdown hooks, on a thread of its own: exit blocks until they end. */
    private static void stop(String supervisor) {
        Thread exit = new Thread(() -> {
            System.err.println("reload-agent: supervisor " + supervisor + " is gone; stopping this generation");
            System.exit(0);
        }, "reload-supervisor-gone");
        exit.start();
    }
}

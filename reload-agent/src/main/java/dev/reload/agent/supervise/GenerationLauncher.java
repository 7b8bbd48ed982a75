package dev.reload.agent.supervise;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Starts a generation: reads the command afresh, spawns it with the sockets in place, forwards its output, and reaps
 * it on a thread of its own, reporting its exit status.
 */
final class GenerationLauncher {

    private final Posix posix;
    private final SupervisorOptions options;
    private final List<HeldSocket> sockets;
    private final Map<String, String> environment;
    private final long supervisorPid;
    private final String controlSocket;
    private final String setpriv;

    GenerationLauncher(Posix posix, SupervisorOptions options, List<HeldSocket> sockets,
                       Map<String, String> environment, long supervisorPid, String controlSocket, String setpriv) {
        this.posix = posix;
        this.options = options;
        this.sockets = sockets;
        this.environment = environment;
        this.supervisorPid = supervisorPid;
        this.controlSocket = controlSocket;
        this.setpriv = setpriv;
    }

    /**
     * Must be called on the supervisor's loop thread, which lives as long as the supervisor: the kernel's
     * parent-death signal that {@code setpriv} sets fires when the thread that spawned the child ends, not the
     * process.
     *
     * @param onExit told the generation's exit status, on the reaping thread
     * @return the generation, starting
     * @throws IOException if the command file cannot be read or the command cannot be spawned
     */
    Generation launch(int number, IntConsumer onExit) throws IOException {
        List<String> command = options.currentCommand();
        Map<String, String> env = GenerationEnvironment.environment(environment, sockets, number, supervisorPid,
                controlSocket);
        int[] fds = sockets.stream().mapToInt(HeldSocket::fd).toArray();
        Posix.Child child = posix.spawn(GenerationEnvironment.argv(command, number, setpriv), env, fds);
        OutputPump output = new OutputPump();
        output.forward(child.stdout(), System.out, number, "out");
        output.forward(child.stderr(), System.err, number, "err");
        Generation generation = new Generation(number, child.pid(), Instant.now(), output);
        Thread reaper = new Thread(() -> onExit.accept(posix.await(child.pid())), "reload-supervisor-reaper-" + number);
        reaper.setDaemon(true);
        reaper.start();
        SupervisorLog.log(generation + " starting: " + String.join(" ", command));
        return generation;
    }

    /** @return the sockets, for the status report */
    List<HeldSocket> sockets() {
        return sockets;
    }
}

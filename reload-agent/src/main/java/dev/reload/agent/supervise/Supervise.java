package dev.reload.agent.supervise;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import dev.reload.runtime.jna.IsolatedJna;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static dev.reload.agent.supervise.SupervisorLog.log;

/**
 * {@code java -jar reload-agent.jar supervise [options] -- COMMAND [ARGS...]}: binds the sockets, starts generation 1,
 * and stays in the foreground until SIGTERM or SIGINT; SIGHUP starts the next generation.
 */
public final class Supervise {

    private Supervise() {
    }

    /**
     * Runs the supervisor until it is stopped.
     *
     * @param args what follows {@code supervise} on the command line
     * @param err  where to say why the supervisor cannot run
     * @return the exit status: 0 stopped within the stop timeout, 1 a generation had to be killed or the supervisor
     *         could not start, 2 a command line that cannot be run
     */
    public static int run(List<String> args, PrintStream err) {
        String os = System.getProperty("os.name", "");
        if (!os.toLowerCase(Locale.ROOT).contains("linux")) {
            err.println("reload: supervise runs on Linux only: it places the sockets in each generation with system "
                    + "calls this supervisor has only for Linux, and this is " + os);
            return 1;
        }
        SupervisorOptions options;
        try {
            options = SupervisorOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("reload: supervise: " + e.getMessage());
            err.println(SupervisorOptions.USAGE);
            return 2;
        }
        try {
            return supervise(options);
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            err.println("reload: supervise: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /**
     * JNA cannot be relocated like the agent's other libraries (its native part binds to the {@code com.sun.jna}
     * names), nor sit on the class path under its own names, where it would replace an application's JNA; so the
     * binding and JNA are loaded apart, as the runtime's call gate loads them.
     */
    private static Posix posix() {
        // JNA unpacks its native library to a temporary file; never pick up an older system copy instead.
        System.setProperty("jna.nosys", "true");
        try {
            return IsolatedJna.load("dev.reload.agent.supervise.jna.JnaPosix", Posix.class);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("cannot bind the C library through JNA: " + e, e);
        }
    }

    private static int supervise(SupervisorOptions options) throws IOException, InterruptedException {
        Posix posix = posix();
        long pid = ProcessHandle.current().pid();
        if (SocketBinder.inheritedCount(System.getenv(), pid) > 0) {
            log("taking the sockets systemd passed (LISTEN_FDS) instead of binding --listen");
        }
        List<HeldSocket> sockets = new SocketBinder(posix).sockets(options, System.getenv(), pid);
        for (int i = 0; i < sockets.size(); i++) {
            log("listening on " + sockets.get(i).name() + "=" + sockets.get(i).address() + ", descriptor " + (3 + i)
                    + " in each generation");
        }
        Path control = ControlSocket.path(pid);
        GenerationLauncher launcher = new GenerationLauncher(posix, options, sockets, System.getenv(), pid,
                control.toString(), setpriv());
        Supervisor supervisor = new Supervisor(launcher, posix, options);
        new ControlSocket(control, supervisor, new StatusRenderer(pid, sockets)).open();
        SignalHandler onHangup = signal -> {
            log("SIGHUP: starting a new generation");
            supervisor.restart().exceptionally(e -> null);
        };
        Signal hangup = new Signal("HUP");
        if (Signal.handle(hangup, onHangup) == SignalHandler.SIG_IGN) {
            // Started under nohup, or by a parent that ignores SIGHUP: the JVM keeps an inherited "ignore" and never
            // runs a handler, so SIGHUP would do nothing at all.
            posix.defaultAction(hangup.getNumber());
            Signal.handle(hangup, onHangup);
            log("SIGHUP was ignored by whoever started this supervisor (nohup?); "
                    + "it restarts a generation all the same");
        }
        Signal.handle(new Signal("TERM"), signal -> supervisor.stop());
        Signal.handle(new Signal("INT"), signal -> supervisor.stop());
        int status = supervisor.run();
        log("stopped" + (status == 0 ? "" : ": a generation had to be killed"));
        return status;
    }

    /** @return util-linux's setpriv, which sets the parent-death signal for commands, or {@code null} */
    private static String setpriv() {
        for (String candidate : List.of("/usr/bin/setpriv", "/bin/setpriv")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        log("no setpriv: a generation without the agent outlives a supervisor killed with SIGKILL");
        return null;
    }

    /**
     * Whether a process is a supervisor this user can talk to; seen through {@code /proc/<pid>/root}, so that a
     * supervisor in a private {@code /tmp} (systemd's {@code PrivateTmp}) is found too.
     *
     * @param pid the process
     * @return whether it answers as a supervisor
     */
    public static boolean isSupervisor(long pid) {
        return Files.exists(SupervisorClient.reachable(pid));
    }

}

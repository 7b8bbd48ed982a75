package dev.reload.agent.supervise;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The protocol to a generation, written down as its environment and command line.
 *
 * <ul>
 *   <li>systemd's socket activation: the sockets at descriptors 3, 4, ..., {@code LISTEN_FDS} their count,
 *   {@code LISTEN_FDNAMES} their names joined by {@code :}, {@code LISTEN_PID} the generation's pid;</li>
 *   <li>Server::Starter's {@code SERVER_STARTER_PORT}: {@code HOST:PORT=FD} or {@code PORT=FD} entries joined by
 *   {@code ;};</li>
 *   <li>reload's own: {@code RELOAD_SUPERVISOR_PID}, the process whose disappearance stops a generation running the
 *   agent; {@code RELOAD_SUPERVISOR_SOCKET}, the Unix socket that {@code ready()} writes to; and
 *   {@code RELOAD_GENERATION}, the generation's number.</li>
 * </ul>
 *
 * <p>{@code LISTEN_PID} must be the pid of the process that execs the command, which is not known before the spawn.
 * The command therefore starts as {@code /bin/sh -c 'LISTEN_PID=$$; export LISTEN_PID; exec "$@"'}: the shell learns
 * its own pid and execs the command in its place, keeping the pid. Where util-linux's {@code setpriv} is installed,
 * the shell execs the command through {@code setpriv --pdeathsig TERM}, the one way to set the kernel's parent-death
 * signal between a {@code posix_spawn} and the command, so that a command without the agent gets SIGTERM when the
 * supervisor dies, however it dies.
 */
final class GenerationEnvironment {

    static final String SUPERVISOR_PID = "RELOAD_SUPERVISOR_PID";
    static final String SUPERVISOR_SOCKET = "RELOAD_SUPERVISOR_SOCKET";
    static final String GENERATION = "RELOAD_GENERATION";

    private static final String SHELL_SCRIPT = "LISTEN_PID=$$; export LISTEN_PID; exec %s\"$@\"";

    private GenerationEnvironment() {
    }

    /**
     * @param inherited the supervisor's own environment
     * @return the generation's environment
     */
    static Map<String, String> environment(Map<String, String> inherited, List<HeldSocket> sockets, int generation,
                                           long supervisorPid, String controlSocket) {
        Map<String, String> env = new LinkedHashMap<>(inherited);
        // A generation must not answer systemd for the supervisor; a stale LISTEN_PID is replaced by the shell.
        env.remove("NOTIFY_SOCKET");
        env.remove("LISTEN_PID");
        env.put("LISTEN_FDS", Integer.toString(sockets.size()));
        env.put("LISTEN_FDNAMES", sockets.stream().map(HeldSocket::name).collect(Collectors.joining(":")));
        List<String> starter = new ArrayList<>();
        for (int i = 0; i < sockets.size(); i++) {
            starter.add(sockets.get(i).address() + "=" + (3 + i));
        }
        env.put("SERVER_STARTER_PORT", String.join(";", starter));
        env.put(SUPERVISOR_PID, Long.toString(supervisorPid));
        env.put(SUPERVISOR_SOCKET, controlSocket);
        env.put(GENERATION, Integer.toString(generation));
        return env;
    }

    /**
     * @param command  the command the operator gave
     * @param setpriv  the path of util-linux's {@code setpriv}, or {@code null} where there is none
     * @return the command line to spawn
     */
    static List<String> argv(List<String> command, int generation, String setpriv) {
        List<String> argv = new ArrayList<>();
        argv.add("/bin/sh");
        argv.add("-c");
        argv.add(String.format(SHELL_SCRIPT, setpriv == null ? "" : setpriv + " --pdeathsig TERM -- "));
        argv.add("reload-generation-" + generation);
        argv.addAll(command);
        return argv;
    }
}

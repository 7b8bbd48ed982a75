package dev.reload.agent.cli;

import dev.reload.agent.supervise.Supervise;
import dev.reload.agent.supervise.SupervisorClient;
import dev.reload.runtime.manage.Json;
import dev.reload.runtime.manage.StatusReport;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * The operator's command line: {@code java -jar reload-agent.jar <verb> [--json] <pid> [operands]}, run by the same
 * user as the JVM it manages, on the same machine.
 *
 * <pre>
 * status   [--json] &lt;pid&gt;                      the plugins, their versions, states and counters
 * pin      [--json] &lt;pid&gt; &lt;plugin&gt; &lt;version&gt;   keep a version active whatever higher versions arrive
 * unpin    [--json] &lt;pid&gt; &lt;plugin&gt;             let the highest version present serve again
 * rollback [--json] &lt;pid&gt; &lt;plugin&gt;             activate the version active before, and pin it
 * reload   [--json] &lt;pid&gt; [&lt;plugin&gt;]           rescan the plugins directory now
 * restart  [--json] &lt;supervisor pid&gt;           start a new generation; returns when it is ready or refused
 * supervise [options] -- COMMAND [ARGS...]       run COMMAND under a supervisor (see Supervise)
 * </pre>
 *
 * <p>{@code status} of a supervisor's pid shows its generations and sockets.
 *
 * <p>An answer goes to standard output: the table or the runtime's one-line answer, or with {@code --json} one JSON
 * object (see {@link Json}). Errors always go to standard error as plain text, {@code --json} or not, so that a
 * script tells success from failure by the exit status alone and never parses an error as an answer:
 * <ul>
 *   <li>0: done;</li>
 *   <li>1: refused by the runtime ({@code reload: refused: <its reason>}), or failed: no such plugin, a pid that is
 *   not an attachable JVM, a JVM without reload, a lost connection;</li>
 *   <li>2: a command line that cannot be run, with the usage; also {@code help} and no arguments.</li>
 * </ul>
 */
public final class ReloadCli {

    private ReloadCli() {
    }

    /**
     * Runs one command and exits the JVM with its status.
     *
     * @param args the verb and its arguments, as in the usage above
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** @return the exit status */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 0 && args[0].equals("supervise")) {
            return Supervise.run(List.of(args).subList(1, args.length), err);
        }
        try {
            out.println(execute(CommandLine.parse(args)));
            out.flush();
            return 0;
        } catch (CommandException e) {
            if (e.getMessage() != null) {
                err.println("reload: " + e.getMessage());
            }
            if (e.exitStatus() == CommandException.USAGE) {
                err.print(CommandLine.usage());
            }
            err.flush();
            return e.exitStatus();
        }
    }

    private static String execute(CommandLine command) throws CommandException {
        if (command.verb() == Verb.RESTART || Supervise.isSupervisor(command.pid())) {
            return supervisor(command);
        }
        try (RunningJvm jvm = RunningJvm.connect(command.pid())) {
            if (command.verb() == Verb.STATUS) {
                StatusReport report = jvm.status();
                return command.json() ? Json.status(report) : StatusTable.render(report);
            }
            String answer = operate(jvm, command);
            return command.json() ? Json.answer(answer) : answer;
        } catch (IOException | RuntimeException e) {
            throw RemoteFailure.of(command.pid(), e);
        }
    }

    private static String supervisor(CommandLine command) throws CommandException {
        String request = switch (command.verb()) {
            case RESTART -> "restart";
            case STATUS -> command.json() ? "status json" : "status";
            default -> throw CommandException.failed(command.pid() + " is a supervisor: it takes status and restart");
        };
        if (!Supervise.isSupervisor(command.pid())) {
            throw CommandException.failed(command.pid() + " is not a reload supervisor this user can reach");
        }
        SupervisorClient.Answer answer;
        try {
            answer = SupervisorClient.ask(command.pid(), request);
        } catch (IOException e) {
            throw CommandException.failed("lost the connection to supervisor " + command.pid() + ": "
                    + RemoteFailure.describe(e));
        }
        if (!answer.ok()) {
            throw CommandException.failed("refused: " + answer.text());
        }
        return command.json() && command.verb() == Verb.RESTART ? Json.answer(answer.text()) : answer.text();
    }

    private static String operate(RunningJvm jvm, CommandLine command) throws CommandException, IOException {
        String plugin = command.operand(0);
        return switch (command.verb()) {
            case PIN -> jvm.plugin(plugin).pin(command.operand(1));
            case UNPIN -> jvm.plugin(plugin).unpin();
            case ROLLBACK -> jvm.plugin(plugin).rollback();
            case RELOAD -> jvm.pollFleet() + (plugin == null ? jvm.registry().rescan() : jvm.plugin(plugin).reload());
            case STATUS, RESTART -> throw new AssertionError(command.verb() + " is not an operation on a runtime");
        };
    }
}

package dev.reload.agent.cli;

import dev.reload.runtime.manage.Json;
import dev.reload.runtime.manage.StatusReport;

import java.io.IOException;
import java.io.PrintStream;

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
 * </pre>
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

    private static String operate(RunningJvm jvm, CommandLine command) throws CommandException, IOException {
        String plugin = command.operand(0);
        return switch (command.verb()) {
            case PIN -> jvm.plugin(plugin).pin(command.operand(1));
            case UNPIN -> jvm.plugin(plugin).unpin();
            case ROLLBACK -> jvm.plugin(plugin).rollback();
            case RELOAD -> jvm.pollFleet() + (plugin == null ? jvm.registry().rescan() : jvm.plugin(plugin).reload());
            case STATUS -> throw new AssertionError("status is not an operation");
        };
    }
}

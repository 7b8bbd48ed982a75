package dev.reload.agent.cli;

import java.util.List;

/**
 * A parsed command line: {@code <verb> [--json] <pid> [operands]}.
 *
 * @param verb     what to do
 * @param json     whether to answer in JSON
 * @param pid      the JVM to do it in
 * @param operands what follows the pid, as many as the verb takes
 */
record CommandLine(Verb verb, boolean json, long pid, List<String> operands) {

    static final String JSON = "--json";

    /**
     * @throws CommandException with {@link CommandException#USAGE} when the arguments do not make a command, or ask
     *                          for help
     */
    static CommandLine parse(String... args) throws CommandException {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            throw CommandException.usage(null);
        }
        Verb verb = Verb.named(args[0])
                .orElseThrow(() -> CommandException.usage("unknown verb '" + args[0] + "'"));
        boolean json = args.length > 1 && args[1].equals(JSON);
        List<String> rest = List.of(args).subList(json ? 2 : 1, args.length);
        for (String arg : rest) {
            if (arg.startsWith("--")) {
                throw CommandException.usage(arg.equals(JSON) ? JSON + " goes right after the verb"
                        : "unknown option '" + arg + "'");
            }
        }
        if (rest.isEmpty()) {
            throw CommandException.usage("missing <pid>: " + verb.synopsis());
        }
        long pid = pid(rest.get(0));
        List<String> operands = rest.subList(1, rest.size());
        if (operands.size() < verb.requiredOperands()) {
            throw CommandException.usage("missing operands: " + verb.synopsis());
        }
        if (operands.size() > verb.maximumOperands()) {
            throw CommandException.usage("too many operands: " + verb.synopsis());
        }
        return new CommandLine(verb, json, pid, List.copyOf(operands));
    }

    /** @return the operand at {@code index}, or {@code null} when an optional operand was left out */
    String operand(int index) {
        return index < operands.size() ? operands.get(index) : null;
    }

    /** @return how to use the command line, for standard error */
    static String usage() {
        StringBuilder usage = new StringBuilder("usage: java -jar reload-agent.jar <verb> [--json] <pid> [operands]")
                .append(System.lineSeparator()).append(System.lineSeparator());
        for (Verb verb : Verb.values()) {
            usage.append(String.format("  %-38s  %s%n", verb.synopsis(), verb.summary()));
        }
        return usage.append(System.lineSeparator())
                .append("<pid> is a local JVM started with -javaagent:reload-agent.jar=plugins=<dir>, or for status and")
                .append(System.lineSeparator())
                .append("restart a supervisor: java -jar reload-agent.jar supervise [options] -- COMMAND [ARGS...]")
                .append(System.lineSeparator())
                .append("--json prints JSON on standard output for scripts; errors stay plain text on standard error.")
                .append(System.lineSeparator())
                .append("Exit status: 0 done, 1 refused or failed, 2 a command line that cannot be run.")
                .append(System.lineSeparator()).toString();
    }

    private static long pid(String text) throws CommandException {
        try {
            long pid = Long.parseLong(text);
            if (pid > 0) {
                return pid;
            }
        } catch (NumberFormatException ignored) {
            // Reported below, with the text.
        }
        throw CommandException.usage("'" + text + "' is not a pid: a pid is a positive number, as jps prints it");
    }
}

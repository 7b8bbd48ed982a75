package dev.reload.agent.supervise;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What {@code supervise [options] -- COMMAND [ARGS...]} was asked for.
 *
 * @param listen       the sockets to bind, in the order they are placed from descriptor 3
 * @param backlog      the listen backlog of each
 * @param command      the command after {@code --}, or empty with a command file
 * @param commandFile  a file holding the command, one argument a line, re-read at every start; or {@code null}
 * @param readyTimeout how long a new generation has to report ready
 * @param stopTimeout  how long a generation has to exit after SIGTERM before SIGKILL
 * @param readyAfter   alive this long counts as ready; or {@code null} to wait for the application's report
 */
record SupervisorOptions(List<ListenAddress> listen, int backlog, List<String> command, Path commandFile,
                         Duration readyTimeout, Duration stopTimeout, Duration readyAfter) {

    static final String USAGE = "usage: java -jar reload-agent.jar supervise [--listen [NAME=][HOST:]PORT]... "
            + "[--backlog N] [--ready-timeout 60s] [--stop-timeout 30s] [--ready-after DURATION] "
            + "(-- COMMAND [ARGS...] | --command-file FILE)";

    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})(ms|s|m|h)");

    /**
     * @throws IllegalArgumentException naming the argument that cannot be used
     */
    static SupervisorOptions parse(List<String> args) {
        List<ListenAddress> listen = new ArrayList<>();
        int backlog = 1024;
        Path commandFile = null;
        Duration readyTimeout = Duration.ofSeconds(60);
        Duration stopTimeout = Duration.ofSeconds(30);
        Duration readyAfter = null;
        int i = 0;
        for (; i < args.size() && !args.get(i).equals("--"); i++) {
            String option = args.get(i);
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(option.startsWith("--") ? option + " needs a value"
                        : "'" + option + "' is not an option: the command goes after --");
            }
            String value = args.get(++i);
            switch (option) {
                case "--listen" -> listen.add(ListenAddress.parse(value));
                case "--backlog" -> backlog = positive(option, value);
                case "--command-file" -> commandFile = Path.of(value);
                case "--ready-timeout" -> readyTimeout = duration(option, value);
                case "--stop-timeout" -> stopTimeout = duration(option, value);
                case "--ready-after" -> readyAfter = duration(option, value);
                default -> throw new IllegalArgumentException("unknown option '" + option + "'");
            }
        }
        List<String> command = i < args.size() ? List.copyOf(args.subList(i + 1, args.size())) : List.of();
        if (command.isEmpty() == (commandFile == null)) {
            throw new IllegalArgumentException(command.isEmpty() ? "no command: give -- COMMAND [ARGS...] or "
                    + "--command-file FILE" : "give the command after -- or in --command-file, not both");
        }
        List<String> names = listen.stream().map(l -> l.name() == null ? Integer.toString(l.port()) : l.name())
                .filter(n -> !n.equals("0")).collect(Collectors.toList());
        if (names.stream().distinct().count() < names.size()) {
            throw new IllegalArgumentException("two --listen sockets have the same name: " + String.join(", ", names));
        }
        return new SupervisorOptions(List.copyOf(listen), backlog, command, commandFile, readyTimeout, stopTimeout,
                readyAfter);
    }

    /**
     * The command to start the next generation with: read afresh from the command file, so that a restart can change
     * the JVM's flags or the JDK.
     *
     * @throws IOException if the command file cannot be read, or holds no command
     */
    List<String> currentCommand() throws IOException {
        if (commandFile == null) {
            return command;
        }
        List<String> lines = Files.readAllLines(commandFile).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toList());
        if (lines.isEmpty()) {
            throw new IOException(commandFile + " holds no command: write the program and each argument on a line");
        }
        return lines;
    }

    /** A whole number and a unit, as the agent's options are written: {@code 500ms}, {@code 30s}, {@code 2m}. */
    static Duration duration(String option, String value) {
        Matcher m = DURATION.matcher(value.toLowerCase(Locale.ROOT));
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException(option + " " + value + ": write a duration above zero such as 500ms, "
                    + "30s or 2m");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    private static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // Reported below.
        }
        throw new IllegalArgumentException(option + " " + value + ": write a whole number above zero");
    }
}

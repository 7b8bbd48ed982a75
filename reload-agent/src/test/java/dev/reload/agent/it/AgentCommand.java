package dev.reload.agent.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The agent jar's command line, {@code java -jar reload-agent.jar <verb> <pid>}, run as an operator runs it. */
final class AgentCommand {

    /** Bounds one run of the command; attaching to a process that is not a JVM takes the JDK's 10 s timeout. */
    private static final long CLI_TIMEOUT_SECONDS = 60;

    private AgentCommand() {
    }

    /**
     * Runs the command line in a JVM of its own, as {@code java -jar reload-agent.jar <args>}.
     *
     * @param temp where its output goes
     * @param run  a number unique in {@code temp}, naming the output files
     */
    static Run run(Path temp, int run, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                Host.agentJar().toString()));
        command.addAll(List.of(args));
        Path out = temp.resolve("cli-" + run + ".out");
        Path err = temp.resolve("cli-" + run + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("_JAVA_OPTIONS");
        try {
            Process process = builder.start();
            if (!process.waitFor(CLI_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", command) + " did not exit within " + CLI_TIMEOUT_SECONDS
                        + " s; it printed " + Files.readString(out) + Files.readString(err));
            }
            return new Run(String.join(" ", args), process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    /** One run of the command line: its arguments, exit status and everything it printed on each stream. */
    record Run(String args, int exitStatus, String out, String err) {

        List<String> lines() {
            return out.lines().toList();
        }

        @Override
        public String toString() {
            return "'" + args + "' exited with " + exitStatus + "; stdout:\n" + out + "stderr:\n" + err;
        }
    }
}

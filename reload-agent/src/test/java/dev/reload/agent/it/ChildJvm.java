package dev.reload.agent.it;

import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * A JVM started by a test, and everything it has printed so far.
 *
 * <p>Standard output and standard error are each read on a thread of their own into one transcript, so that the
 * child never blocks on a full pipe and a test can wait for a line with a bound. Lines of one stream keep their
 * order in the transcript; lines of different streams are only roughly ordered, as they arrive, so a test that
 * asserts an order compares lines of the same stream.
 */
final class ChildJvm implements AutoCloseable {

    /** The longest a test waits for any one thing a child does; generous, for a busy two-core machine. */
    static final Duration WAIT = Duration.ofSeconds(25);

    private static final int TAIL = 60;

    private final String name;
    private final Process process;
    private final Writer stdin;
    private final List<Line> transcript = new ArrayList<>();
    private final CountDownLatch streamsClosed = new CountDownLatch(2);

    private ChildJvm(String name, Process process) {
        this.name = name;
        this.process = process;
        this.stdin = process.outputWriter(StandardCharsets.UTF_8);
        read(process.getInputStream(), Stream.OUT);
        read(process.getErrorStream(), Stream.ERR);
    }

    /** @return a launch of {@code mainClass} on the JVM running the tests */
    static Launch launch(Class<?> mainClass, String... args) {
        return launch(mainClass.getName(), args);
    }

    /** @return a launch of the class named {@code mainClass}, one of the child's class path, not of the tests' */
    static Launch launch(String mainClass, String... args) {
        return new Launch(List.of(mainClass), List.of(args));
    }

    /** @return a launch of {@code mainClass} of the named module {@code module}, found on the launch's module path */
    static Launch launchModule(String module, String mainClass, String... args) {
        return new Launch(List.of("-m", module + "/" + mainClass), List.of(args));
    }

    /** @return a launch of an executable jar, {@code java -jar <jar> <args>}: the jar's manifest names the class path */
    static Launch launchJar(Path jar, String... args) {
        return new Launch(List.of("-jar", jar.toString()), List.of(args));
    }

    /** Which stream of the child a line came from. */
    enum Stream { OUT, ERR }

    /**
     * One line the child printed.
     *
     * @param index  its place in the transcript
     * @param stream where it came from
     * @param text   the line, without its line terminator
     */
    record Line(int index, Stream stream, String text) {
        @Override
        public String toString() {
            return (stream == Stream.OUT ? "out| " : "err| ") + text;
        }
    }

    /**
     * Waits for a line that contains every fragment.
     *
     * @return the first such line
     * @throws AssertionError if none is printed within {@link #WAIT}, or the child exits without printing one
     */
    Line awaitLineContaining(String... fragments) {
        return awaitLine("a line containing " + Arrays.toString(fragments), containsAll(fragments));
    }

    /** Waits for a line the predicate accepts; see {@link #awaitLine(String, Predicate)}. */
    Line awaitLine(Predicate<String> predicate) {
        return awaitLine("a line matching the predicate", predicate);
    }

    /**
     * Waits for a line the predicate accepts, in either stream.
     *
     * @param description what the line is, for the failure message
     * @return the first such line
     * @throws AssertionError if none is printed within {@link #WAIT}, or the child exits without printing one
     */
    Line awaitLine(String description, Predicate<String> predicate) {
        return awaitLineAfter(-1, description, predicate);
    }

    /** Waits for a line the predicate accepts among those after {@code mark}; see {@link #mark()}. */
    Line awaitLineAfter(int mark, String description, Predicate<String> predicate) {
        return awaitLineAfter(mark, WAIT, description, predicate);
    }

    /** Waits, at most {@code bound}, for a line the predicate accepts among those after {@code mark}. */
    Line awaitLineAfter(int mark, Duration bound, String description, Predicate<String> predicate) {
        try {
            return await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20)).atMost(bound)
                    .failFast("the child JVM exited", this::exitedAndDrained)
                    .until(() -> firstAfter(mark, predicate), Optional::isPresent)
                    .orElseThrow();
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("waited " + bound.toSeconds() + " s in vain for " + description + "; " + tail(),
                    e);
        } catch (TerminalFailureException e) {
            return firstAfter(mark, predicate).orElseThrow(() -> new AssertionError("the child JVM exited before it "
                    + "printed " + description + "; " + tail()));
        }
    }

    /** @return the first line accepted by the predicate, if the child has printed one */
    Optional<Line> find(Predicate<String> predicate) {
        return firstAfter(-1, predicate);
    }

    /** @return the index of the last line printed so far, to wait for or look at lines printed after it */
    int mark() {
        synchronized (transcript) {
            return transcript.size() - 1;
        }
    }

    /** @return every line printed so far */
    List<Line> lines() {
        synchronized (transcript) {
            return List.copyOf(transcript);
        }
    }

    /** @return the texts of the lines of standard output accepted by the predicate, in order */
    List<String> stdout(Predicate<String> predicate) {
        return lines().stream().filter(l -> l.stream() == Stream.OUT && predicate.test(l.text()))
                .map(Line::text).collect(Collectors.toList());
    }

    /** @return the texts of the lines of standard error, in order */
    List<String> stderr() {
        return lines().stream().filter(l -> l.stream() == Stream.ERR).map(Line::text).collect(Collectors.toList());
    }

    /** Writes a line to the child's standard input. */
    void send(String command) {
        try {
            stdin.write(command + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new AssertionError("cannot send '" + command + "' to " + name + "; " + tail(), e);
        }
    }

    /**
     * Waits for the child to exit and for its last lines to be read.
     *
     * @return its exit status
     */
    int awaitExit() {
        try {
            await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20)).atMost(WAIT)
                    .until(this::exitedAndDrained);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(name + " did not exit within " + WAIT.toSeconds() + " s; " + tail(), e);
        }
        return process.exitValue();
    }

    /** Kills the child with SIGKILL, as an operator or the kernel's OOM killer would: no shutdown hook runs. */
    void kill() {
        try {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    long pid() {
        return process.pid();
    }

    /** @return the whole transcript, one line per line printed, each marked with its stream */
    String transcript() {
        return lines().stream().map(Line::toString).collect(Collectors.joining(System.lineSeparator(),
                name + " printed:" + System.lineSeparator(), ""));
    }

    /** Kills the child if it still runs; waits, with a bound, until it is gone. */
    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // The child is gone already.
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name;
    }

    private boolean exitedAndDrained() throws InterruptedException {
        return !process.isAlive() && streamsClosed.await(5, TimeUnit.SECONDS);
    }

    private Optional<Line> firstAfter(int mark, Predicate<String> predicate) {
        synchronized (transcript) {
            for (int i = mark + 1; i < transcript.size(); i++) {
                if (predicate.test(transcript.get(i).text())) {
                    return Optional.of(transcript.get(i));
                }
            }
            return Optional.empty();
        }
    }

    private String tail() {
        List<Line> lines = lines();
        List<Line> tail = lines.subList(Math.max(0, lines.size() - TAIL), lines.size());
        return (process.isAlive() ? name + " is running" : name + " exited with status " + process.exitValue())
                + "; its last " + tail.size() + " of " + lines.size() + " lines:" + System.lineSeparator()
                + tail.stream().map(Line::toString).collect(Collectors.joining(System.lineSeparator()));
    }

    private void read(InputStream in, Stream stream) {
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String text;
                while ((text = lines.readLine()) != null) {
                    synchronized (transcript) {
                        transcript.add(new Line(transcript.size(), stream, text));
                    }
                }
            } catch (IOException ignored) {
                // The process was destroyed: its pipes closed under the reader.
            } finally {
                streamsClosed.countDown();
            }
        }, name + "-" + stream.name().toLowerCase());
        reader.setDaemon(true);
        reader.start();
    }

    static Predicate<String> containsAll(String... fragments) {
        return line -> Arrays.stream(fragments).allMatch(line::contains);
    }

    /** What to start: JVM options, class path or module path, main class, module or executable jar, and arguments. */
    static final class Launch {

        private final List<String> main;
        private final List<String> args;
        private final List<String> jvmOptions = new ArrayList<>();
        private final List<Path> classpath = new ArrayList<>();
        private final List<Path> modulePath = new ArrayList<>();
        private Path workingDirectory;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private boolean hangupIgnored;

        /** @param main the main class, {@code -m} and the module's main class, or {@code -jar} and the jar */
        private Launch(List<String> main, List<String> args) {
            this.main = main;
            this.args = args;
        }

        /** Adds {@code -javaagent:<jar>[=<options>]}. */
        Launch javaagent(Path jar, String options) {
            return jvmOption("-javaagent:" + jar + (options.isEmpty() ? "" : "=" + options));
        }

        Launch jvmOption(String option) {
            jvmOptions.add(option);
            return this;
        }

        Launch classpath(Path... entries) {
            classpath.addAll(List.of(entries));
            return this;
        }

        Launch modulePath(Path... entries) {
            modulePath.addAll(List.of(entries));
            return this;
        }

        Launch workingDirectory(Path directory) {
            workingDirectory = directory;
            return this;
        }

        Launch environment(String name, String value) {
            environment.put(name, value);
            return this;
        }

        /** Starts the JVM with SIGHUP ignored, as {@code nohup} does, through a shell that execs it in its place. */
        Launch ignoringHangup() {
            hangupIgnored = true;
            return this;
        }

        /** @return the command line, as {@link ProcessBuilder} takes it */
        List<String> command() {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            if (!classpath.isEmpty()) {
                command.add("-cp");
                command.add(joined(classpath));
            }
            if (!modulePath.isEmpty()) {
                command.add("--module-path");
                command.add(joined(modulePath));
            }
            command.addAll(main);
            command.addAll(args);
            return command;
        }

        private static String joined(List<Path> entries) {
            return entries.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        }

        ChildJvm start() {
            List<String> command = command();
            if (hangupIgnored) {
                command.addAll(0, List.of("/bin/sh", "-c", "trap '' HUP; exec \"$@\"", "sh"));
            }
            ProcessBuilder builder = new ProcessBuilder(command);
            if (workingDirectory != null) {
                builder.directory(workingDirectory.toFile());
            }
            // Options a developer's environment injects would print on stderr and change what the child does.
            builder.environment().remove("JAVA_TOOL_OPTIONS");
            builder.environment().remove("_JAVA_OPTIONS");
            builder.environment().putAll(environment);
            try {
                Process process = builder.start();
                return new ChildJvm("child JVM " + process.pid() + " (" + String.join(" ", main) + ")", process);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + command(), e);
            }
        }
    }
}

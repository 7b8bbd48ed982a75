package dev.reload.agent.it;

import dev.reload.testkit.Greeter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * A running {@link HostApp}: the child JVM's line protocol as methods, so that a test says what it expects in the
 * application's words.
 *
 * <p>The child's class path is this module's test classes and the test kit jar that holds {@link Greeter}, nothing
 * else: the API, the runtime and their libraries come from the agent jar alone, which proves the jar self-contained.
 */
final class Host {

    /** How many caller threads call the proxy continuously. */
    static final int CALLERS = 3;

    /** The child's temporary directory, beside the plugins directory: see {@link #withAgentOn(Path, String...)}. */
    static final String CHILD_TMP = "child-tmp";

    private static final Pattern STATS = Pattern.compile("stats calls=(\\d+) failures=(\\d+)");

    private final ChildJvm jvm;

    private Host(ChildJvm jvm) {
        this.jvm = jvm;
    }

    /**
     * @param plugins      the plugins directory
     * @param extraOptions more agent options, such as {@code drainTimeout=300ms}
     * @return a launch of the host with the agent watching {@code plugins}, with a settle time of 50 ms to keep the
     *         tests quick, and with the child's temporary files (the runtime's copies of the jars) kept beside
     *         {@code plugins}, so that the test's temporary directory takes them away
     */
    static ChildJvm.Launch withAgentOn(Path plugins, String... extraOptions) {
        Path tmp = plugins.resolveSibling(CHILD_TMP);
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder options = new StringBuilder("plugins=" + plugins + ",settleTime=50ms");
        for (String option : extraOptions) {
            options.append(',').append(option);
        }
        return withAgent(options.toString()).jvmOption("-Djava.io.tmpdir=" + tmp);
    }

    /** @return a launch of the host with {@code -javaagent:reload-agent.jar=<agentOptions>} */
    static ChildJvm.Launch withAgent(String agentOptions) {
        return ChildJvm.launch(HostApp.class, String.valueOf(CALLERS))
                .javaagent(agentJar(), agentOptions)
                .classpath(codeSource(HostApp.class), codeSource(Greeter.class));
    }

    /** @return a launch of the host without the agent, with {@code extraClasspath} after its own entries */
    static ChildJvm.Launch withoutAgent(Path... extraClasspath) {
        return ChildJvm.launch(HostApp.class, String.valueOf(CALLERS))
                .classpath(codeSource(HostApp.class), codeSource(Greeter.class))
                .classpath(extraClasspath);
    }

    /** Starts the host and waits until its main method has begun. */
    static Host start(ChildJvms jvms, ChildJvm.Launch launch) {
        Host host = new Host(jvms.start(launch));
        host.jvm.awaitLine("the line 'main started'", "main started"::equals);
        return host;
    }

    /** @return the agent jar the build made, as failsafe passes it in {@code reload.agent.jar} */
    static Path agentJar() {
        String property = System.getProperty("reload.agent.jar");
        if (property == null || !Files.isRegularFile(Path.of(property))) {
            throw new IllegalStateException("reload.agent.jar is " + property + ": run the integration tests with "
                    + "'mvn verify', which builds the agent jar in the package phase and passes its path");
        }
        return Path.of(property);
    }

    /** @return the class path entry (directory or jar) a class of the test JVM was loaded from */
    static Path codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return what main's first call on the proxy did: {@code "answered <answer>"} or {@code "failed: ..."} */
    String firstCall() {
        return jvm.awaitLine("the first call's outcome", l -> l.startsWith("first call ")).text()
                .substring("first call ".length());
    }

    /** Waits until every caller thread has had an answer from the plugin version (or label) {@code label}. */
    void awaitEveryCallerAnsweredBy(String label) {
        IntStream.range(0, CALLERS).forEach(i -> {
            String line = "caller-" + i + " answered by " + label;
            jvm.awaitLine("the line '" + line + "'", line::equals);
        });
    }

    /** Waits until every caller thread's calls fail with a message that contains every fragment. */
    void awaitEveryCallerFailing(String... fragments) {
        IntStream.range(0, CALLERS).forEach(i -> jvm.awaitLine(
                "a failure of caller-" + i + " containing " + List.of(fragments),
                l -> l.startsWith("caller-" + i + " failed: ") && ChildJvm.containsAll(fragments).test(l)));
    }

    /** @return every report of a caller, in order: "caller-n answered by v" or "caller-n failed: ..." */
    List<String> callerReports() {
        return jvm.stdout(l -> l.startsWith("caller-"));
    }

    /** @return the reports of failed calls, in order */
    List<String> failedCalls() {
        return jvm.stdout(l -> l.startsWith("caller-") && l.contains(" failed: "));
    }

    /** @return how many calls the callers made and how many of them failed, counted by the host */
    Stats stats() {
        int mark = jvm.mark();
        jvm.send("stats");
        String line = jvm.awaitLineAfter(mark, "the answer to 'stats'", STATS.asMatchPredicate()).text();
        Matcher m = STATS.matcher(line);
        if (!m.matches()) {
            throw new AssertionError(line);
        }
        return new Stats(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
    }

    /** Starts a call that the plugin version serving it holds until {@code release} exists. */
    void startHeldCall(Path release) {
        jvm.send("hold " + release);
    }

    /** Runs System.gc() in the host a few times and waits until it has. */
    void gc() {
        int mark = jvm.mark();
        jvm.send("gc");
        jvm.awaitLineAfter(mark, "the answer to 'gc'", "gc done"::equals);
    }

    /** @return the proxy's {@code toString()} */
    String describeProxy() {
        int mark = jvm.mark();
        jvm.send("describe");
        return jvm.awaitLineAfter(mark, "the answer to 'describe'", l -> l.startsWith("proxy ")).text()
                .substring("proxy ".length());
    }

    /**
     * @return what the application's own code met when it made {@code field} of the JDK class {@code className}
     *         accessible: {@code "ok"} or {@code "failed: <exception>: <message>"}
     */
    String makeAccessible(String className, String field) {
        int mark = jvm.mark();
        String answer = "open " + className + "." + field + ": ";
        jvm.send("open " + className + " " + field);
        return jvm.awaitLineAfter(mark, "the answer to 'open'", l -> l.startsWith(answer)).text()
                .substring(answer.length());
    }

    /** Asks main to return and waits for the JVM to exit. @return its exit status */
    int quit() {
        jvm.send("quit");
        return jvm.awaitExit();
    }

    ChildJvm jvm() {
        return jvm;
    }

    ChildJvm.Line awaitLineContaining(String... fragments) {
        return jvm.awaitLineContaining(fragments);
    }

    /**
     * @param calls    successful calls so far
     * @param failures failed calls so far: exceptions and wrong answers
     */
    record Stats(long calls, long failures) {
    }
}

package dev.reload.agent.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.reload.agent.it.Supervised.cli;
import static dev.reload.agent.it.Supervised.command;
import static dev.reload.agent.it.Supervised.commandFile;
import static dev.reload.agent.it.Supervised.get;
import static dev.reload.agent.it.Supervised.listeningPorts;
import static dev.reload.agent.it.Supervised.pidOf;
import static dev.reload.agent.it.Supervised.port;
import static dev.reload.agent.it.Supervised.refused;
import static dev.reload.agent.it.Supervised.signal;
import static dev.reload.agent.it.Supervised.supervisor;
import static dev.reload.agent.it.Host.agentJar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The supervisor's rules for generations that fail, die, linger, and for its own end. */
class SupervisorIT {

    private static final Pattern STARTING = Pattern.compile("generation (\\d+) \\(pid (\\d+)\\) starting");

    @RegisterExtension
    final ChildJvms jvms = new ChildJvms();

    @Test
    void theCommandFileIsReadAfreshAtEveryRestart() throws Exception {
        Path file = commandFile(jvms.temp().resolve("command"), command(jvms, PlainServerApp.class));
        ChildJvm supervisor = jvms.start(supervisor(List.of("--listen", "http=127.0.0.1:0", "--command-file",
                file.toString()), List.of()));
        int port = port(supervisor, "http");
        supervisor.awaitLineContaining("generation 1", "ready");
        String flag = "-Dreload.it.command=second";
        assertThat(arguments(pidOf(get(port)))).doesNotContain(flag);

        List<String> changed = command(jvms, PlainServerApp.class);
        changed.add(1, flag);
        commandFile(file, changed);
        assertThat(cli(jvms, "restart", Long.toString(supervisor.pid())).awaitExit()).isZero();

        supervisor.awaitLineContaining("generation 1", "gone");
        String body = get(port);
        assertThat(body).startsWith("generation 2 ");
        assertThat(arguments(pidOf(body))).contains(flag);
    }

    /**
     * An outer supervisor starts an inner one as its generation, with the socket-activation environment systemd
     * would give it; the inner one, told to {@code --listen} on a port of its own, must pass on the outer one's.
     */
    @Test
    void aSupervisorStartedBySocketActivationPassesOnTheSocketsItWasGivenInsteadOfBinding() throws Exception {
        List<String> inner = new ArrayList<>(List.of(Supervised.java(), "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-jar", agentJar().toString(), "supervise", "--listen", "http=127.0.0.1:0", "--"));
        inner.addAll(command(jvms, PlainServerApp.class));
        ChildJvm outer = jvms.start(supervisor(List.of("--listen", "http=127.0.0.1:0", "--ready-after", "1s"),
                inner));
        int port = port(outer, "http");
        long innerPid = pidOfGeneration(outer, 1);

        outer.awaitLineContaining("[1] reload-supervisor: taking the sockets systemd passed (LISTEN_FDS)");
        assertThat(outer.awaitLineContaining("[1] reload-supervisor: listening on http=").text())
                .contains(":" + port + ", descriptor 3");
        outer.awaitLineContaining("[1] [1] generation 1 serving on " + port + " (inherited)");
        long app = pidOf(get(port));
        assertThat(ProcessHandle.of(app).flatMap(ProcessHandle::parent).map(ProcessHandle::pid))
                .contains(innerPid);
        assertThat(listeningPorts(innerPid)).containsExactly(port);
    }

    @Test
    void aNewGenerationThatCrashesAtStartIsRefusedAndTheOldOneKeepsServing() throws Exception {
        Path file = commandFile(jvms.temp().resolve("command"), command(jvms, PlainServerApp.class));
        ChildJvm supervisor = jvms.start(supervisor(List.of("--listen", "http=127.0.0.1:0", "--command-file",
                file.toString()), List.of()));
        int port = port(supervisor, "http");
        supervisor.awaitLineContaining("generation 1", "ready");

        commandFile(file, command(jvms, PlainServerApp.class, "crash"));
        ChildJvm restart = cli(jvms, "restart", Long.toString(supervisor.pid()));

        assertThat(restart.awaitExit()).isEqualTo(1);
        assertThat(String.join("\n", restart.stderr())).contains("refused", "generation 2",
                "exited with status 3 before it was ready", "crashing at start");
        assertThat(get(port)).startsWith("generation 1 ");
        supervisor.awaitLineContaining("generation 2", "refused", "generation 1", "keeps serving");
    }

    @Test
    void aNewGenerationNeverReadyIsStoppedAfterTheReadyTimeoutAndTheOldOneKeepsServing() throws Exception {
        Path file = commandFile(jvms.temp().resolve("command"), command(jvms, PlainServerApp.class));
        ChildJvm supervisor = jvms.start(supervisor(List.of("--listen", "http=127.0.0.1:0", "--command-file",
                file.toString(), "--ready-timeout", "4s", "--stop-timeout", "5s"), List.of()));
        int port = port(supervisor, "http");
        supervisor.awaitLineContaining("generation 1", "ready");

        commandFile(file, command(jvms, PlainServerApp.class, "never-ready"));
        ChildJvm restart = cli(jvms, "restart", Long.toString(supervisor.pid()));

        assertThat(restart.awaitExit()).isEqualTo(1);
        assertThat(String.join("\n", restart.stderr())).contains("generation 2", "not ready within 4.000 s");
        supervisor.awaitLineContaining("generation 2", "gone", "after SIGTERM");
        assertThat(get(port)).startsWith("generation 1 ");
    }

    @Test
    void aGenerationThatIgnoresSigtermIsKilledAfterTheStopTimeout() throws Exception {
        Path file = commandFile(jvms.temp().resolve("command"), command(jvms, PlainServerApp.class, "ignore-term"));
        ChildJvm supervisor = jvms.start(supervisor(List.of("--listen", "http=127.0.0.1:0", "--command-file",
                file.toString(), "--stop-timeout", "2s"), List.of()));
        int port = port(supervisor, "http");
        supervisor.awaitLineContaining("generation 1", "ready");
        long first = pidOf(get(port));

        commandFile(file, command(jvms, PlainServerApp.class));
        assertThat(cli(jvms, "restart", Long.toString(supervisor.pid())).awaitExit()).isZero();

        supervisor.awaitLineContaining("generation 1", "did not stop within 2.000 s: SIGKILL");
        supervisor.awaitLineContaining("generation 1", "gone", "killed");
        assertThat(supervisor.find(l -> l.contains("[1] generation 1 ignores SIGTERM"))).isPresent();
        assertThat(ProcessHandle.of(first).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
        assertThat(get(port)).startsWith("generation 2 ");
    }

    @Test
    void aGenerationThatDiesByItselfIsStartedAgainAtOnceThenWithBackoff() {
        ChildJvm supervisor = jvms.start(supervisor(List.of("--listen", "http=127.0.0.1:0"),
                command(jvms, PlainServerApp.class, "die-after-ms=200")));

        supervisor.awaitLineContaining("generation 1", "died by itself with status 4");
        supervisor.awaitLineContaining("no generation serves: starting one now");
        supervisor.awaitLineContaining("generation 2", "died by itself");
        supervisor.awaitLineContaining("no generation serves: starting one in 1.000 s");
        supervisor.awaitLineContaining("generation 3", "died by itself");
        supervisor.awaitLineContaining("no generation serves: starting one in 2.000 s");
    }

    @Test
    void sigtermStopsEveryGenerationGracefullyAndExitsZero() throws Exception {
        ChildJvm supervisor = jvms.start(supervisor(List.of("--listen", "http=127.0.0.1:0"),
                command(jvms, PlainServerApp.class)));
        int port = port(supervisor, "http");
        supervisor.awaitLineContaining("generation 1", "ready");
        assertThat(get(port)).startsWith("generation 1 ");

        signal(supervisor.pid(), "TERM");

        assertThat(supervisor.awaitExit()).isZero();
        assertThat(supervisor.find(l -> l.equals("[1] stopped: no request in flight"))).isPresent();
        assertThat(supervisor.find(l -> l.contains("generation 1") && l.contains("gone")
                && l.contains("exit status 143"))).isPresent();
        assertThat(refused(port)).isTrue();
    }

    @Test
    void aSupervisorThatHadToKillItsGenerationExitsOne() {
        ChildJvm supervisor = jvms.start(supervisor(List.of("--listen", "http=127.0.0.1:0", "--stop-timeout", "2s"),
                command(jvms, PlainServerApp.class, "ignore-term")));
        supervisor.awaitLineContaining("generation 1", "ready");

        signal(supervisor.pid(), "TERM");

        assertThat(supervisor.awaitExit()).isEqualTo(1);
        assertThat(supervisor.find(l -> l.contains("generation 1") && l.contains("SIGKILL"))).isPresent();
    }

    @Test
    void restartsAskedForWhileOneIsInProgressAreMergedIntoOneMore() throws Exception {
        ChildJvm supervisor = jvms.start(supervisor(List.of("--listen", "http=127.0.0.1:0"),
                command(jvms, PlainServerApp.class)));
        int port = port(supervisor, "http");
        supervisor.awaitLineContaining("generation 1", "ready");

        signal(supervisor.pid(), "HUP");
        supervisor.awaitLineContaining("generation 2", "starting");
        signal(supervisor.pid(), "HUP");
        supervisor.awaitLineContaining("one more generation follows it");
        signal(supervisor.pid(), "HUP");

        supervisor.awaitLineContaining("generation 3", "ready");
        supervisor.awaitLineContaining("generation 1", "gone");
        supervisor.awaitLineContaining("generation 2", "gone");
        assertThat(get(port)).startsWith("generation 3 ");
        assertThat(supervisor.find(l -> l.contains("generation 4"))).isEmpty();
    }

    @Test
    void aSupervisorStartedWithSighupIgnoredAsUnderNohupStillRestartsOnSighup() throws Exception {
        ChildJvm supervisor = jvms.start(supervisor(List.of("--listen", "http=127.0.0.1:0"),
                command(jvms, PlainServerApp.class)).ignoringHangup());
        int port = port(supervisor, "http");
        supervisor.awaitLineContaining("generation 1", "ready");

        signal(supervisor.pid(), "HUP");

        supervisor.awaitLineContaining("generation 2", "ready");
        // Until the old generation is gone, it may still accept a connection on the shared socket.
        supervisor.awaitLineContaining("generation 1", "gone");
        assertThat(get(port)).startsWith("generation 2 ");
        assertThat(supervisor.find(l -> l.contains("SIGHUP was ignored"))).isPresent();
    }

    @Test
    void aKilledSupervisorLeavesNoGenerationHoldingThePort() throws Exception {
        ChildJvm supervisor = jvms.start(supervisor(List.of("--listen", "http=127.0.0.1:0"),
                command(jvms, PlainServerApp.class)));
        int port = port(supervisor, "http");
        supervisor.awaitLineContaining("generation 1", "ready");
        ProcessHandle generation = ProcessHandle.of(pidOf(get(port))).orElseThrow();

        supervisor.kill();

        await().atMost(ChildJvm.WAIT).until(() -> !generation.isAlive());
        assertThat(refused(port)).isTrue();
    }

    @Test
    void aKilledSupervisorLeavesNoGenerationWithoutTheAgentHoldingThePortWhereSetprivIsInstalled() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")) || Files.isExecutable(Path.of("/bin/setpriv")),
                "util-linux's setpriv is what sets the parent-death signal for a command without the agent");
        List<String> command = List.of(Supervised.java(), "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "-cp",
                Supervised.classpath() + File.pathSeparator + System.getProperty("reload.it.api-jar"),
                PlainServerApp.class.getName());
        ChildJvm supervisor = jvms.start(supervisor(List.of("--listen", "http=127.0.0.1:0", "--ready-after", "1s"),
                command));
        int port = port(supervisor, "http");
        supervisor.awaitLineContaining("generation 1", "ready");
        ProcessHandle generation = ProcessHandle.of(pidOf(get(port))).orElseThrow();
        assertThat(generation.info().commandLine().orElse("")).doesNotContain("-javaagent");

        supervisor.kill();

        await().atMost(ChildJvm.WAIT).until(() -> !generation.isAlive());
        assertThat(refused(port)).isTrue();
    }

    @Test
    void aGenerationWithTheAgentStopsGracefullyWhenItsSupervisorIsGoneEvenWithoutAParentDeathSignal()
            throws Exception {
        Process standIn = new ProcessBuilder("sleep", "60").start();
        List<String> command = command(jvms, PlainServerApp.class);
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(List.of("/bin/sh", "-c",
                "LISTEN_PID=$$; export LISTEN_PID; exec \"$@\"", "generation"))).redirectErrorStream(true);
        builder.command().addAll(command);
        builder.environment().put("RELOAD_SUPERVISOR_PID", Long.toString(standIn.pid()));
        builder.environment().put("RELOAD_GENERATION", "1");
        Process generation = builder.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(
                    generation.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            for (String line = out.readLine(); line != null && !line.contains("serving on"); line = out.readLine()) {
                lines.add(line);
            }

            standIn.destroyForcibly();

            assertThat(generation.waitFor(ChildJvm.WAIT.toSeconds(), TimeUnit.SECONDS))
                    .as("the generation exits; it printed %s", lines).isTrue();
            StringBuilder rest = new StringBuilder();
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                rest.append(line).append('\n');
            }
            assertThat(rest.toString()).contains("supervisor " + standIn.pid() + " is gone; stopping this generation",
                    "stopped: no request in flight");
        } finally {
            generation.destroyForcibly();
            standIn.destroyForcibly();
        }
    }

    @Test
    void statusShowsTheGenerationsAndTheSockets() {
        ChildJvm supervisor = jvms.start(supervisor(List.of("--listen", "http=127.0.0.1:0"),
                command(jvms, PlainServerApp.class)));
        int port = port(supervisor, "http");
        supervisor.awaitLineContaining("generation 1", "ready");

        ChildJvm status = cli(jvms, "status", "--json", Long.toString(supervisor.pid()));

        assertThat(status.awaitExit()).isZero();
        assertThat(status.stdout(l -> true)).singleElement().asString()
                .startsWith("{\"supervisor\":" + supervisor.pid() + ",\"generations\":[{\"number\":1,\"pid\":")
                .contains("\"state\":\"ready\"")
                .containsPattern("\"since\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:[\\d.]+Z\"")
                .endsWith("\"sockets\":[{\"fd\":3,\"name\":\"http\",\"address\":\"127.0.0.1:" + port + "\"}]}");
        ChildJvm table = cli(jvms, "status", Long.toString(supervisor.pid()));
        assertThat(table.awaitExit()).isZero();
        assertThat(table.stdout(l -> l.startsWith("1 "))).singleElement().asString().contains("ready");
    }

    private static List<String> arguments(long pid) {
        return ProcessHandle.of(pid).orElseThrow().info().arguments().map(List::of).orElseThrow();
    }

    /** @return the pid of the generation as the supervisor logged it when it started it */
    private static long pidOfGeneration(ChildJvm supervisor, int number) {
        String line = supervisor.awaitLineContaining("reload-supervisor: generation " + number + " (pid").text();
        Matcher m = STARTING.matcher(line);
        if (!m.find()) {
            throw new AssertionError("unexpected line: " + line);
        }
        return Long.parseLong(m.group(2));
    }
}

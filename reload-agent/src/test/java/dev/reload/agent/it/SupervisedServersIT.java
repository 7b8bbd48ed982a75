package dev.reload.agent.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.reload.agent.it.Supervised.cli;
import static dev.reload.agent.it.Supervised.command;
import static dev.reload.agent.it.Supervised.get;
import static dev.reload.agent.it.Supervised.port;
import static dev.reload.agent.it.Supervised.signal;
import static dev.reload.agent.it.Supervised.supervisor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Servers on the supervisor's sockets: restarts under load refuse no connection and fail no request, with a plain
 * {@code ServerSocketChannel} and with Jetty; two named sockets; the same application alone on a port of its own.
 */
class SupervisedServersIT {

    @RegisterExtension
    final ChildJvms jvms = new ChildJvms();

    @Test
    void twentyRestartsOfAPlainServerUnderLoadRefuseNoConnectionAndFailNoRequest() throws Exception {
        restartUnderLoad("plain ServerSocketChannel", command(jvms, PlainServerApp.class), 20);
    }

    @Test
    void restartsOfJettyUnderLoadRefuseNoConnectionAndFailNoRequest() throws Exception {
        restartUnderLoad("Jetty", command(jvms, JettyServerApp.class), 3);
    }

    @Test
    void restartsOfSpringBootsTomcatUnderLoadRefuseNoConnectionAndFailNoRequest() throws Exception {
        List<String> command = new ArrayList<>(command(jvms, PlainServerApp.class));
        int main = command.indexOf("-cp");
        command.subList(main, command.size()).clear();
        command.addAll(List.of("-jar", BootApps.App.BOOT3.jar().toString(), "--server.port=8080"));
        restartUnderLoad("Spring Boot's Tomcat", command, 2);
    }

    private void restartUnderLoad(String server, List<String> command, int restarts) throws Exception {
        ChildJvm supervisor = jvms.start(supervisor(List.of("--listen", "http=127.0.0.1:0", "--stop-timeout", "20s"),
                command));
        int port = port(supervisor, "http");
        supervisor.awaitLineContaining("generation 1", "ready");
        String pid = Long.toString(supervisor.pid());
        HttpLoad load = new HttpLoad(port, 3, 2, 1_000_000).start();
        try {
            for (int n = 2; n <= restarts + 1; n++) {
                if (n % 2 == 0) {
                    ChildJvm restart = cli(jvms, "restart", pid);
                    assertThat(restart.awaitExit()).as(restart.transcript()).isZero();
                    assertThat(restart.stdout(l -> true)).singleElement().asString().contains("generation " + n,
                            "is ready");
                } else {
                    signal(supervisor.pid(), "HUP");
                    supervisor.awaitLineContaining("generation " + n, "ready");
                }
                supervisor.awaitLineContaining("generation " + (n - 1), "gone", "exit status 143");
            }
        } finally {
            load.close();
        }
        System.out.println(server + " under " + restarts + " restarts: " + load.summary());
        assertThat(load.refused()).as(load.summary()).isZero();
        assertThat(load.resets()).as(load.summary()).isZero();
        assertThat(load.failed()).as(load.summary()).isZero();
        assertThat(load.ok()).isPositive();
        assertThat(get(port)).startsWith("generation " + (restarts + 1) + " ");
    }

    @Test
    void restartsOfNettyUnderLoadRefuseNoConnectionAndFailNoRequest() throws Exception {
        restartUnderLoad("Netty", command(jvms, NettyServerApp.class), 2);
    }

    @Test
    void twoNamedSocketsReachTheGenerationByName() throws Exception {
        ChildJvm supervisor = jvms.start(supervisor(List.of("--listen", "admin=127.0.0.1:0", "--listen",
                "http=127.0.0.1:0"), command(jvms, PlainServerApp.class, "admin=1")));
        int admin = port(supervisor, "admin");
        int http = port(supervisor, "http");
        supervisor.awaitLineContaining("generation 1", "ready");

        assertThat(supervisor.awaitLineContaining("[1] generation 1 serving on").text())
                .endsWith("serving on " + http + " " + admin + " (inherited)");
        assertThat(get(http)).startsWith("generation 1 ");
        assertThat(supervisor.find(l -> l.startsWith("[1] generation 1 serving on " + http + " " + admin
                + " (inherited)"))).isPresent();
        assertThat(get(admin)).startsWith("generation 1 ");
        signal(supervisor.pid(), "HUP");
        supervisor.awaitLineContaining("generation 1", "gone");
        assertThat(get(http)).startsWith("generation 2 ");
        assertThat(get(admin)).startsWith("generation 2 ");
    }

    @Test
    void theSameApplicationRunsUnsupervisedOnAPortItBindsItself() throws Exception {
        for (Class<?> app : List.of(PlainServerApp.class, JettyServerApp.class, NettyServerApp.class)) {
            ChildJvm alone = jvms.start(ChildJvm.launch(app, "port=0").classpath(classpath()));
            String line = alone.awaitLineContaining("generation 0 serving on", "(bound)").text();
            int port = Integer.parseInt(line.replaceAll(".*serving on (\\d+).*", "$1"));

            assertThat(get(port)).startsWith("generation 0 pid " + alone.pid());
        }
    }

    @Test
    void aGenerationWithoutTheAgentNamesTheFlagItNeedsToTakeTheSockets() {
        List<String> command = List.of(Supervised.java(), "-cp", Supervised.classpath() + java.io.File.pathSeparator
                + System.getProperty("reload.it.api-jar"), PlainServerApp.class.getName());
        ChildJvm supervisor = jvms.start(supervisor(List.of("--listen", "http=127.0.0.1:0"), command));

        supervisor.awaitLineContaining("generation 1", "refused", "exited with status 1");
        assertThat(supervisor.find(l -> l.startsWith("[1] ") && l.contains(
                "--add-opens java.base/sun.nio.ch=ALL-UNNAMED"))).isPresent();
        await().atMost(ChildJvm.WAIT).until(() -> supervisor.find(l -> l.contains("generation 2")).isPresent());
    }

    private static Path[] classpath() {
        List<Path> entries = new ArrayList<>();
        for (String entry : Supervised.classpath().split(java.io.File.pathSeparator)) {
            entries.add(Path.of(entry));
        }
        entries.add(Path.of(System.getProperty("reload.it.api-jar")));
        return entries.toArray(Path[]::new);
    }
}

package dev.reload.agent.it;


import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.reload.agent.it.Host.agentJar;
import static dev.reload.agent.it.Host.codeSource;

/**
 * Starts applications under {@code java -jar reload-agent.jar supervise}, and talks to them: the command of a
 * generation, the supervisor's ports, signals, the {@code restart} command, one HTTP request.
 */
final class Supervised {

    private static final Pattern LISTENING = Pattern.compile("listening on (\\S+)=(?:\\S+:)?(\\d+), descriptor");

    private Supervised() {
    }

    /**
     * @return {@code java -javaagent:reload-agent.jar=... -cp ... <app> <args>}, a generation's command, with the JVM
     *         options that make a small server start quickly on a busy machine
     */
    static List<String> command(ChildJvms jvms, Class<?> app, String... args) {
        List<String> command = new ArrayList<>(List.of(java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xmx128m", "-Djava.io.tmpdir=" + jvms.temp(),
                "-javaagent:" + agentJar() + "=plugins=" + jvms.plugins() + ",settleTime=50ms",
                "-cp", classpath()));
        command.add(app.getName());
        command.addAll(List.of(args));
        return command;
    }

    /** @return the class path of the test applications: the tests' classes, Jetty, Netty and SLF4J's API */
    static String classpath() {
        List<String> entries = new ArrayList<>(List.of(codeSource(PlainServerApp.class).toString()));
        String testClasspath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String entry : testClasspath.split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.startsWith("jetty-") || name.startsWith("netty-") || name.startsWith("slf4j-api")) {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** @return a launch of the supervisor with {@code options}, then {@code --} and {@code command} when given */
    static ChildJvm.Launch supervisor(List<String> options, List<String> command) {
        List<String> args = new ArrayList<>();
        args.add("supervise");
        args.addAll(options);
        if (!command.isEmpty()) {
            args.add("--");
            args.addAll(command);
        }
        return ChildJvm.launchJar(agentJar(), args.toArray(String[]::new)).jvmOption("-XX:TieredStopAtLevel=1")
                .jvmOption("-XX:+UseSerialGC");
    }

    /** Writes a command file, one argument a line. */
    static Path commandFile(Path file, List<String> command) {
        try {
            return Files.write(file, command);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the port of the socket the supervisor logged under {@code name} */
    static int port(ChildJvm supervisor, String name) {
        String line = supervisor.awaitLine("the supervisor listening on " + name,
                l -> l.contains("listening on " + name + "=")).text();
        Matcher m = LISTENING.matcher(line);
        if (!m.find()) {
            throw new AssertionError("unexpected line: " + line);
        }
        return Integer.parseInt(m.group(2));
    }

    /** Sends a signal by name, as {@code kill -NAME pid}. */
    static void signal(long pid, String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new AssertionError("kill -" + name + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Runs {@code java -jar reload-agent.jar <args>} to its end. */
    static ChildJvm cli(ChildJvms jvms, String... args) {
        ChildJvm cli = jvms.start(ChildJvm.launchJar(agentJar(), args).jvmOption("-XX:TieredStopAtLevel=1"));
        cli.awaitExit();
        return cli;
    }

    /** @return the body of {@code GET /} on 127.0.0.1, on a connection of its own */
    static String get(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.setSoTimeout(20_000);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            return response.substring(response.indexOf("\r\n\r\n") + 4);
        }
    }

    /** @return whether a connection to the port is refused, as when nothing listens on it */
    static boolean refused(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * Reads the kernel's socket tables, as {@code ss -ltnp} does.
     *
     * @return the TCP ports on which the process holds a listening socket
     */
    static Set<Integer> listeningPorts(long pid) throws IOException {
        Set<String> inodes = new TreeSet<>();
        try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // Not a socket the process holds now.
                }
            }
        }
        Set<Integer> ports = new TreeSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> rows = Files.readAllLines(Path.of(table));
            for (String row : rows.subList(1, rows.size())) {
                // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode; 0A is LISTEN.
                String[] columns = row.strip().split("\\s+");
                if (columns[3].equals("0A") && inodes.contains(columns[9])) {
                    String local = columns[1];
                    ports.add(Integer.parseInt(local.substring(local.lastIndexOf(':') + 1), 16));
                }
            }
        }
        return ports;
    }

    static long pidOf(String body) {
        return Long.parseLong(body.substring(body.lastIndexOf(' ') + 1).strip());
    }
}

package dev.reload.bench.supervise;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar reload-agent.jar supervise --listen http=127.0.0.1:0 -- <BenchServer>}, with what it has logged so
 * far, and SIGHUP.
 */
final class SupervisorProcess implements AutoCloseable {

    private static final Pattern PORT = Pattern.compile("listening on http=127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final List<String> lines = new ArrayList<>();

    SupervisorProcess(Path agent, Path classpath) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(java, "-jar", agent.toString(), "supervise", "--listen", "http=127.0.0.1:0",
                "--stop-timeout", "20s", "--", java, "-XX:+UseSerialGC", "-Xmx256m", "-javaagent:" + agent,
                "-cp", classpath.toString(), BenchServer.class.getName()).start();
        read(process.getInputStream());
        read(process.getErrorStream());
    }

    int port() throws InterruptedException {
        Matcher m = PORT.matcher(await(l -> PORT.matcher(l).find(), Duration.ofSeconds(30)));
        if (!m.find()) {
            throw new IllegalStateException("no port");
        }
        return Integer.parseInt(m.group(1));
    }

    /** @return the first line, from index {@code from} on, that the predicate accepts */
    String await(Predicate<String> predicate, Duration bound) throws InterruptedException {
        long end = System.nanoTime() + bound.toNanos();
        for (int from = 0; System.nanoTime() < end; Thread.sleep(10)) {
            synchronized (lines) {
                for (; from < lines.size(); from++) {
                    if (predicate.test(lines.get(from))) {
                        return lines.get(from);
                    }
                }
            }
            if (!process.isAlive()) {
                break;
            }
        }
        throw new IllegalStateException("the supervisor did not log what was awaited; it logged " + lines());
    }

    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    void hangUp() throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private void read(InputStream in) {
        Thread reader = new Thread(() -> {
            try (BufferedReader text = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = text.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                }
            } catch (IOException ignored) {
                // The supervisor is gone.
            }
        });
        reader.setDaemon(true);
        reader.start();
    }
}

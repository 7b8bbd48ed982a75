package dev.reload.samples.spring;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * The sample application's executable jar, started as its users start it, {@code java [-javaagent:...] -jar app.jar},
 * on a port of its own choosing on 127.0.0.1, read from its log. Everything it prints is kept, for the test to look
 * at and for the report when a test fails.
 */
final class BootApp implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern PORT = Pattern.compile("started on port (\\d+)");

    private final Process process;
    private final List<String> output = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile int port;

    private BootApp(Process process) {
        this.process = process;
        Thread reader = new Thread(this::read, "boot-app-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts the jar and waits until it serves HTTP.
     *
     * @param jvmOptions options before {@code -jar}
     * @param args       the application's arguments, such as {@code --reload.enabled=false}
     */
    static BootApp start(Path jar, Path workingDirectory, List<String> jvmOptions, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.add("--server.port=0");
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
                .redirectErrorStream(true);
        // Options a developer's environment injects would print and change what the application does.
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("_JAVA_OPTIONS");
        BootApp app;
        try {
            app = new BootApp(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        app.awaitPort();
        return app;
    }

    long pid() {
        return process.pid();
    }

    /** @return everything printed so far, one line each */
    String output() {
        synchronized (output) {
            return String.join(System.lineSeparator(), output);
        }
    }

    /** Waits until the application has printed a line containing {@code text}. */
    void awaitOutput(String text) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> output().contains(text));
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    Response post(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** An HTTP answer. */
    record Response(int status, String contentType, String body) {
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private void awaitPort() {
        try {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                    .failFast("the application exited", () -> !process.isAlive())
                    .until(() -> port().isPresent());
        } catch (RuntimeException | AssertionError e) {
            throw new AssertionError("the application did not start serving; it printed:" + System.lineSeparator()
                    + output(), e);
        }
        port = port().orElseThrow();
    }

    private Optional<Integer> port() {
        Matcher matcher = PORT.matcher(output());
        return matcher.find() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                synchronized (output) {
                    output.add(line);
                }
            }
        } catch (IOException ignored) {
            // The process was destroyed: its pipe closed under the reader.
        }
    }

    /** Stops the application as an operator does, with SIGTERM, and kills it if it does not exit in time. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}

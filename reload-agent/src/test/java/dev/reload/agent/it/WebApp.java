package dev.reload.agent.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * A running Spring Boot application of {@link BootApps}: its child JVM, and HTTP to it on 127.0.0.1.
 *
 * <p>The application listens on a port the system chose ({@code --server.port=0}) and says which when it serves; a
 * DevTools restart makes it listen on a new one, which {@link #awaitRestart(int)} follows.
 */
final class WebApp {

    /**
     * The longest a test waits for the application to start. A Boot start is a few seconds, but many times that on a
     * busy two-core machine, the agent's start and the JIT compilation of Spring's start-up included.
     */
    static final Duration STARTUP = Duration.ofSeconds(90);

    /** What the applications take on their command line: a free port, on the loopback interface only. */
    static final String[] SERVER_ARGS = {"--server.port=0", "--server.address=127.0.0.1"};

    private static final Pattern READY = Pattern.compile("ready on port (\\d+)");
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    private final ChildJvm jvm;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
    private volatile int port;

    private WebApp(ChildJvm jvm) {
        this.jvm = jvm;
    }

    /**
     * @return {@code launch} with the agent watching {@code plugins} with a settle time of 50 ms, and with the child's
     *         temporary files (Tomcat's, the runtime's copies of the jars) beside {@code plugins}, so that the test's
     *         temporary directory takes them away
     */
    static ChildJvm.Launch withAgentOn(Path plugins, ChildJvm.Launch launch) {
        return withTemporaryFilesBeside(plugins, launch)
                .javaagent(Host.agentJar(), "plugins=" + plugins + ",settleTime=50ms");
    }

    /** @return {@code launch} with the child's temporary files beside {@code directory} */
    static ChildJvm.Launch withTemporaryFilesBeside(Path directory, ChildJvm.Launch launch) {
        Path tmp = directory.resolveSibling(Host.CHILD_TMP);
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return launch.jvmOption("-Djava.io.tmpdir=" + tmp);
    }

    /** Starts the application and waits until it serves HTTP. */
    static WebApp start(ChildJvms jvms, ChildJvm.Launch launch) {
        WebApp app = new WebApp(jvms.start(launch));
        app.awaitReadyAfter(-1);
        return app;
    }

    /**
     * Waits for the application to serve again after a DevTools restart, on its new port.
     *
     * @param mark a {@link ChildJvm#mark()} taken before the restart was set off
     */
    void awaitRestart(int mark) {
        awaitReadyAfter(mark);
    }

    /** @return the answer to {@code GET /greet?name=<name>}; fails unless the status is 200 */
    String greet(String name) {
        HttpResponse<String> response = get("/greet?name=" + name);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET /greet?name=" + name + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }

    /** @return the response to {@code GET <path>}, whatever its status */
    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    /**
     * Collects garbage in the application until a line the predicate accepts appears: a retired version's class
     * loader is freed only by a collection, and nothing else in the application asks for one.
     */
    void collectGarbageUntil(String description, Predicate<String> line) {
        await(description).atMost(ChildJvm.WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    send(HttpRequest.newBuilder(uri("/gc")).POST(HttpRequest.BodyPublishers.noBody()));
                    return jvm.find(line).isPresent();
                });
    }

    ChildJvm jvm() {
        return jvm;
    }

    ChildJvm.Line awaitLineContaining(String... fragments) {
        return jvm.awaitLineContaining(fragments);
    }

    private void awaitReadyAfter(int mark) {
        String line = jvm.awaitLineAfter(mark, STARTUP, "the line 'ready on port <port>'", READY.asMatchPredicate())
                .text();
        Matcher m = READY.matcher(line);
        if (!m.matches()) {
            throw new AssertionError(line);
        }
        port = Integer.parseInt(m.group(1));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.build().uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + request.build().uri(), e);
        }
    }
}

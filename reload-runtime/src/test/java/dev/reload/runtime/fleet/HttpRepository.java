package dev.reload.runtime.fleet;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A directory served over HTTP on 127.0.0.1 by the JDK's server, as a repository manager serves a Maven repository,
 * that can be made to answer 500 or to stall before answering. It also serves as a forward proxy: a request whose
 * target is an absolute URI is answered from the same directory, by the URI's path.
 */
final class HttpRepository implements AutoCloseable {

    /** One request as it arrived: its target as written on the request line, and when, in nanoseconds. */
    record Request(String target, long nanos) {
    }

    private final Path root;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile int failWith;
    private volatile long stallMillis;

    HttpRepository(Path root) throws IOException {
        this.root = root;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.setExecutor(threads);
        server.start();
    }

    /** @return the URL of the repository's root, ending in a slash */
    String url() {
        return "http://127.0.0.1:" + port() + "/";
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Answers every request with {@code status} from now on; 0 serves the files again. */
    void failWith(int status) {
        failWith = status;
    }

    /** Waits {@code millis} before each answer from now on. */
    void stall(long millis) {
        stallMillis = millis;
    }

    /** @return every request so far, in order */
    List<Request> requests() {
        return List.copyOf(requests);
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.add(new Request(exchange.getRequestURI().toString(), System.nanoTime()));
            if (stallMillis > 0) {
                Thread.sleep(stallMillis);
            }
            if (failWith != 0) {
                exchange.sendResponseHeaders(failWith, -1);
                return;
            }
            Path file = root.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] content = Files.readAllBytes(file);
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(200, head ? -1 : content.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(content);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}

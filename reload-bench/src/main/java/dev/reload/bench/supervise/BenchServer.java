package dev.reload.bench.supervise;

import dev.reload.api.ListeningSockets;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server the benchmark restarts: HTTP/1.1 with keep-alive on the socket named {@code http}, a thread per
 * connection. On SIGTERM it stops accepting, answers the connections it has with {@code Connection: close}, closes the
 * idle ones once nothing is in flight, and exits.
 */
public final class BenchServer {

    private final ServerSocketChannel listener;
    private final ExecutorService workers = Executors.newCachedThreadPool();
    private final Set<SocketChannel> idle = ConcurrentHashMap.newKeySet();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final byte[] body;
    private volatile boolean stopping;
    private Thread acceptor;

    private BenchServer(ServerSocketChannel listener) {
        this.listener = listener;
        this.body = ("generation " + System.getenv().getOrDefault("RELOAD_GENERATION", "0") + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws IOException {
        BenchServer server = new BenchServer(ListeningSockets.open("http", 8080));
        server.acceptor = new Thread(server::accept, "acceptor");
        server.acceptor.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        ListeningSockets.ready();
    }

    private void accept() {
        while (!stopping) {
            try {
                SocketChannel connection = listener.accept();
                workers.execute(() -> serve(connection));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(SocketChannel connection) {
        open.incrementAndGet();
        try (connection) {
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(connection),
                    StandardCharsets.ISO_8859_1));
            OutputStream out = Channels.newOutputStream(connection);
            for (boolean first = true; ; first = false) {
                // A new connection is not idle: its client has a request on the way, which it gets answered.
                if (!first) {
                    idle.add(connection);
                }
                String requestLine = in.readLine();
                idle.remove(connection);
                if (requestLine == null) {
                    return;
                }
                inFlight.incrementAndGet();
                try {
                    boolean close = stopping;
                    String header;
                    while ((header = in.readLine()) != null && !header.isEmpty()) {
                        close |= header.equalsIgnoreCase("Connection: close");
                    }
                    byte[] head = ("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\nConnection: "
                            + (close ? "close" : "keep-alive") + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
                    byte[] response = new byte[head.length + body.length];
                    System.arraycopy(head, 0, response, 0, head.length);
                    System.arraycopy(body, 0, response, head.length, body.length);
                    out.write(response);
                    out.flush();
                    if (close) {
                        return;
                    }
                } finally {
                    inFlight.decrementAndGet();
                }
            }
        } catch (IOException ignored) {
            // The client went away, or stop closed an idle connection.
        } finally {
            open.decrementAndGet();
        }
    }

    private void stop() {
        stopping = true;
        try {
            listener.close();
            acceptor.join(5_000);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            // A busy client's next request is answered with Connection: close; only a client idle for the whole
            // grace has its connection closed under it, and might send a request into that close.
            long grace = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (open.get() > 0 && System.nanoTime() < grace) {
                Thread.sleep(5);
            }
            for (SocketChannel connection : idle) {
                connection.close();
            }
            workers.shutdown();
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException ignored) {
            // Exiting anyway.
        }
    }
}

package dev.reload.agent.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal HTTP/1.1 server on a plain {@link ServerSocketChannel} from {@code ListeningSockets}, with keep-alive.
 * On SIGTERM it stops accepting, answers the requests it has with {@code Connection: close}, waits for them, closes
 * idle connections and exits: what a well-behaved server does in its shutdown hook.
 */
public final class PlainServerApp {

    private final ServerSocketChannel listener;
    private final String body;
    private final ExecutorService workers = Executors.newCachedThreadPool();
    private final Set<SocketChannel> idle = ConcurrentHashMap.newKeySet();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private volatile boolean stopping;
    private Thread acceptor;

    private PlainServerApp(ServerSocketChannel listener, String body) {
        this.listener = listener;
        this.body = body;
    }

    public static void main(String[] args) throws Exception {
        GenerationBehaviour behaviour = new GenerationBehaviour(args);
        List<ServerSocketChannel> channels = behaviour.beforeServing();
        for (ServerSocketChannel channel : channels) {
            PlainServerApp server = new PlainServerApp(channel, behaviour.body());
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        }
        behaviour.serving(channels);
    }

    private void start() {
        acceptor = new Thread(() -> {
            while (!stopping) {
                try {
                    SocketChannel connection = listener.accept();
                    workers.execute(() -> serve(connection));
                } catch (IOException e) {
                    return;
                }
            }
        }, "acceptor");
        acceptor.start();
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
                    boolean close = false;
                    String header;
                    while ((header = in.readLine()) != null && !header.isEmpty()) {
                        close |= header.equalsIgnoreCase("Connection: close");
                    }
                    close |= stopping;
                    byte[] content = body.getBytes(StandardCharsets.UTF_8);
                    byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + content.length
                            + "\r\nConnection: " + (close ? "close" : "keep-alive") + "\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1);
                    // One write: a second small one would wait for the client's delayed acknowledgement (Nagle).
                    byte[] response = Arrays.copyOf(head, head.length + content.length);
                    System.arraycopy(content, 0, response, head.length, content.length);
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
            // A connection accepted just before the close has a request on the way: it is served, never dropped.
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
        System.out.println("stopped: no request in flight");
    }
}

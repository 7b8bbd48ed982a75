package dev.reload.agent.it;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

import java.nio.channels.ServerSocketChannel;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Jetty 12 on the channel from {@code ListeningSockets}: {@link ServerConnector#open(ServerSocketChannel)} before the
 * server starts. On SIGTERM the shutdown hook closes the connector (no more accepts), lets the requests in flight
 * finish with {@code Connection: close}, gives the open connections a grace to send their next request, answered the
 * same way, then stops the server.
 */
public final class JettyServerApp {

    private JettyServerApp() {
    }

    public static void main(String[] args) throws Exception {
        GenerationBehaviour behaviour = new GenerationBehaviour(args);
        List<ServerSocketChannel> channels = behaviour.beforeServing();
        Server server = new Server();
        for (ServerSocketChannel channel : channels) {
            ServerConnector connector = new ServerConnector(server);
            connector.open(channel);
            server.addConnector(connector);
        }
        AtomicInteger inFlight = new AtomicInteger();
        AtomicBoolean stopping = new AtomicBoolean();
        String body = behaviour.body();
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                inFlight.incrementAndGet();
                if (stopping.get()) {
                    response.getHeaders().put(HttpHeader.CONNECTION, "close");
                }
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
                Content.Sink.write(response, true, body, Callback.from(callback, inFlight::decrementAndGet));
                return true;
            }
        });
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            try {
                for (var connector : server.getConnectors()) {
                    ((ServerConnector) connector).close();
                }
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                // Connections accepted just before the close, and busy kept-alive ones, get their next answer with
                // Connection: close; the idle ones, a grace.
                long grace = System.nanoTime() + 2_000_000_000L;
                while (System.nanoTime() < grace && server.getConnectors()[0] instanceof ServerConnector connector
                        && !connector.getConnectedEndPoints().isEmpty()) {
                    Thread.sleep(5);
                }
                server.stop();
            } catch (Exception e) {
                e.printStackTrace();
            }
            System.out.println("stopped: no request in flight");
        }));
        behaviour.serving(channels);
        server.join();
    }
}

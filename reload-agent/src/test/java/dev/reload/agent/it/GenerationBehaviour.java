package dev.reload.agent.it;

import dev.reload.api.ListeningSockets;
import sun.misc.Signal;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * What a test application does besides serving, from its arguments: {@code port=N} (the port to bind unsupervised),
 * {@code admin=N} (a second socket, named {@code admin}), {@code crash} (exit 3 before serving), {@code never-ready},
 * {@code ignore-term} (SIGTERM does nothing), {@code die-after-ms=N} (exit 4 that long after serving).
 */
final class GenerationBehaviour {

    final int port;
    final int adminPort;
    final boolean crash;
    final boolean neverReady;
    final boolean ignoreTerm;
    final long dieAfterMillis;
    final String generation = System.getenv().getOrDefault("RELOAD_GENERATION", "0");

    GenerationBehaviour(String... args) {
        int port = 0;
        int adminPort = -1;
        boolean crash = false;
        boolean neverReady = false;
        boolean ignoreTerm = false;
        long dieAfter = -1;
        for (String arg : args) {
            String value = arg.substring(arg.indexOf('=') + 1);
            switch (arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg) {
                case "port" -> port = Integer.parseInt(value);
                case "admin" -> adminPort = Integer.parseInt(value);
                case "crash" -> crash = true;
                case "never-ready" -> neverReady = true;
                case "ignore-term" -> ignoreTerm = true;
                case "die-after-ms" -> dieAfter = Long.parseLong(value);
                default -> throw new IllegalArgumentException(arg);
            }
        }
        this.port = port;
        this.adminPort = adminPort;
        this.crash = crash;
        this.neverReady = neverReady;
        this.ignoreTerm = ignoreTerm;
        this.dieAfterMillis = dieAfter;
    }

    /** Crashes, or ignores SIGTERM, as asked; then opens the sockets. */
    List<ServerSocketChannel> beforeServing() throws IOException {
        if (crash) {
            System.out.println("generation " + generation + " crashing at start");
            System.exit(3);
        }
        if (ignoreTerm) {
            Signal.handle(new Signal("TERM"), s -> System.out.println("generation " + generation + " ignores SIGTERM"));
        }
        List<ServerSocketChannel> channels = new ArrayList<>();
        channels.add(ListeningSockets.open("http", port));
        if (adminPort >= 0) {
            channels.add(ListeningSockets.open("admin", adminPort));
        }
        return channels;
    }

    /** Reports ready unless told not to, says so, and dies later if told to. */
    void serving(List<ServerSocketChannel> channels) throws IOException, InterruptedException {
        if (!neverReady) {
            ListeningSockets.ready();
        }
        StringBuilder ports = new StringBuilder();
        for (ServerSocketChannel channel : channels) {
            ports.append(' ').append(((java.net.InetSocketAddress) channel.getLocalAddress()).getPort());
        }
        System.out.println("generation " + generation + " serving on" + ports + (ListeningSockets.inherited()
                ? " (inherited)" : " (bound)"));
        if (dieAfterMillis >= 0) {
            Thread.sleep(dieAfterMillis);
            System.out.println("generation " + generation + " dying");
            Runtime.getRuntime().halt(4);
        }
    }

    /** @return what every response says: which generation, in which process, answered */
    String body() {
        return "generation " + generation + " pid " + ProcessHandle.current().pid();
    }
}

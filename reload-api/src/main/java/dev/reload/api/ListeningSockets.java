package dev.reload.api;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * The listening sockets of a server that may be restarted as a whole process: the same code runs under reload's
 * supervisor, under systemd's socket activation, and alone.
 *
 * <pre>{@code
 * ServerSocketChannel http = ListeningSockets.open("http", 8080);
 * // ... hand the channel to the server, start it ...
 * ListeningSockets.ready();
 * }</pre>
 *
 * <p>Under a supervisor ({@code java -jar reload-agent.jar supervise --listen http=8080 -- ...}) or systemd, the JVM
 * inherits sockets that are already listening, announced by {@code LISTEN_FDS}, {@code LISTEN_FDNAMES} and
 * {@code LISTEN_PID} (or by Server::Starter's {@code SERVER_STARTER_PORT}); {@link #open(String, int)} hands out the
 * inherited one of that name or port. Otherwise it binds a new socket to the port on every address. A JVM with the
 * reload agent can always take inherited sockets; one without it needs
 * {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED}, because the JDK has no public way to make a channel of a
 * descriptor other than 0 ({@link System#inheritedChannel()}).
 *
 * <p>Both generations accept on the same socket while the new one starts; the old one should stop accepting, finish
 * its requests and exit when it gets SIGTERM, as servers do in their shutdown hooks. All methods are thread-safe.
 */
public final class ListeningSockets {

    private static final int BACKLOG = 1024;

    private ListeningSockets() {
    }

    /**
     * Returns the listening socket named {@code name}, or failing that the one on {@code port}.
     *
     * @param name the socket's name in {@code LISTEN_FDNAMES} (the supervisor's {@code --listen NAME=PORT})
     * @param port the port to find an inherited socket by, and to bind when none is inherited
     * @return the inherited socket, in blocking mode, the same channel at every call; or a socket newly bound to
     *         {@code port} on every address
     * @throws IOException           if a new socket cannot be bound
     * @throws IllegalStateException if sockets were inherited but this JVM cannot take them: it runs without the
     *                               agent and without {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED}
     */
    public static ServerSocketChannel open(String name, int port) throws IOException {
        ServerSocketChannel inherited = InheritedSockets.instance().find(name, port);
        if (inherited != null) {
            return inherited;
        }
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            channel.bind(new InetSocketAddress(port), BACKLOG);
            return channel;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Returns the listening socket on {@code port}: the inherited one, or a newly bound one.
     *
     * @param port the port
     * @return see {@link #open(String, int)}
     * @throws IOException           if a new socket cannot be bound
     * @throws IllegalStateException see {@link #open(String, int)}
     */
    public static ServerSocketChannel open(int port) throws IOException {
        return open(null, port);
    }

    /** @return whether this JVM was started with listening sockets, by a supervisor or by systemd */
    public static boolean inherited() {
        return InheritedSockets.instance().any();
    }

    /**
     * Tells reload's supervisor that this generation serves, so that the previous one may stop. Call it once the
     * server accepts. Without a supervisor it does nothing; under systemd, {@code Type=simple} or the supervisor's
     * {@code --ready-after} stand in for systemd's own notification, which needs a datagram socket the JDK lacks.
     *
     * @throws IllegalStateException if a supervisor is named in the environment but cannot be reached
     */
    public static void ready() {
        String socket = System.getenv("RELOAD_SUPERVISOR_SOCKET");
        String generation = System.getenv("RELOAD_GENERATION");
        if (socket == null || generation == null || !InheritedSockets.forThisProcess(System.getenv())) {
            return;
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap(("ready " + generation + "\n").getBytes(StandardCharsets.UTF_8)));
            channel.read(ByteBuffer.allocate(16));
        } catch (IOException e) {
            throw new IllegalStateException("cannot tell the supervisor at " + socket + " that generation "
                    + generation + " is ready: " + e.getMessage(), e);
        }
    }
}

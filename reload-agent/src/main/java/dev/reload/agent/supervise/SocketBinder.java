package dev.reload.agent.supervise;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.io.FileDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Makes the supervisor's listening sockets: binds each {@code --listen}, or, when systemd started the supervisor by
 * socket activation, takes the sockets it was given instead.
 *
 * <p>Either way each ends up at a descriptor of 64 or above that closes on exec, so that no generation inherits it
 * except where the spawn places it. Reading a channel's descriptor needs {@code sun.nio.ch}, which the agent jar's
 * manifest opens for {@code java -jar reload-agent.jar}.
 */
final class SocketBinder {

    private final Posix posix;
    /** The channels wrapped around inherited descriptors, kept so that no collector ever closes one. */
    private final List<ServerSocketChannel> adopted = new ArrayList<>();

    SocketBinder(Posix posix) {
        this.posix = posix;
    }

    /**
     * @return the sockets, in the order the generations receive them
     * @throws IOException if a socket cannot be bound
     */
    List<HeldSocket> sockets(SupervisorOptions options, Map<String, String> env, long ownPid) throws IOException {
        int inherited = inheritedCount(env, ownPid);
        return inherited > 0 ? inherited(env, inherited) : bind(options);
    }

    private List<HeldSocket> bind(SupervisorOptions options) throws IOException {
        List<HeldSocket> sockets = new ArrayList<>();
        for (ListenAddress listen : options.listen()) {
            try (ServerSocketChannel channel = ServerSocketChannel.open()) {
                channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                channel.bind(listen.socketAddress(), options.backlog());
                int port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
                // The copy outlives the channel, whose own descriptor the JDK opened without close-on-exec.
                String name = listen.name() == null ? Integer.toString(port) : listen.name();
                sockets.add(new HeldSocket(name, listen.host(), port, posix.duplicateHigh(fdOf(channel))));
            } catch (IOException e) {
                throw new IOException("cannot listen on " + listen.socketAddress() + ": " + e.getMessage(), e);
            }
        }
        return sockets;
    }

    private List<HeldSocket> inherited(Map<String, String> env, int count) throws IOException {
        String[] names = env.getOrDefault("LISTEN_FDNAMES", "").split(":", -1);
        List<HeldSocket> sockets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int fd = 3 + i;
            InetSocketAddress local = localAddress(fd, adopted);
            String name = i < names.length && !names[i].isEmpty() ? names[i] : Integer.toString(local.getPort());
            String host = local.getAddress().isAnyLocalAddress() ? null : local.getAddress().getHostAddress();
            sockets.add(new HeldSocket(name, host, local.getPort(), posix.duplicateHigh(fd)));
        }
        return sockets;
    }

    /** systemd's rule: the descriptors are this process's only if {@code LISTEN_PID} names it. */
    static int inheritedCount(Map<String, String> env, long ownPid) {
        try {
            if (Long.parseLong(env.getOrDefault("LISTEN_PID", "0")) == ownPid) {
                return Integer.parseInt(env.getOrDefault("LISTEN_FDS", "0"));
            }
        } catch (NumberFormatException ignored) {
            // Not socket activation.
        }
        return 0;
    }

    private static int fdOf(ServerSocketChannel channel) throws IOException {
        try {
            Method getFdVal = channel.getClass().getMethod("getFDVal");
            getFdVal.setAccessible(true);
            return (int) getFdVal.invoke(channel);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IOException("cannot read the socket's descriptor (run the supervisor as java -jar "
                    + "reload-agent.jar, whose manifest opens java.base/sun.nio.ch): " + e, e);
        }
    }

    /** Wraps the descriptor in a channel to ask its address. */
    private static InetSocketAddress localAddress(int fd, List<ServerSocketChannel> adopted) throws IOException {
        try {
            Class<?> impl = Class.forName("sun.nio.ch.ServerSocketChannelImpl");
            Method newFd = Class.forName("sun.nio.ch.IOUtil").getMethod("newFD", int.class);
            newFd.setAccessible(true);
            Constructor<?> constructor = impl.getDeclaredConstructor(SelectorProvider.class, ProtocolFamily.class,
                    FileDescriptor.class, boolean.class);
            constructor.setAccessible(true);
            ServerSocketChannel channel = (ServerSocketChannel) constructor.newInstance(SelectorProvider.provider(),
                    StandardProtocolFamily.INET6, newFd.invoke(null, fd), true);
            adopted.add(channel);
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IOException("cannot read the address of inherited descriptor " + fd + ": " + e, e);
        }
    }
}

package dev.reload.api;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The listening sockets this process was started with, read from its environment once, and made into channels when
 * first asked for.
 *
 * <p>The JDK makes channels of descriptors only inside {@code sun.nio.ch}: the constructor
 * {@code ServerSocketChannelImpl(SelectorProvider, ProtocolFamily, FileDescriptor, boolean)}, the same in JDK 17 and
 * 25, and {@code IOUtil.newFD(int)}. The reload agent opens that package to this class at start-up; without it,
 * {@code --add-opens} must.
 */
final class InheritedSockets {

    private static final String ADD_OPENS = "--add-opens java.base/sun.nio.ch=ALL-UNNAMED";
    private static volatile InheritedSockets instance;

    /** The descriptors, their names in the same order. */
    private final List<Integer> fds;
    private final List<String> names;
    private final Map<Integer, ServerSocketChannel> channels = new HashMap<>();

    InheritedSockets(List<Integer> fds, List<String> names) {
        this.fds = fds;
        this.names = names;
    }

    static InheritedSockets instance() {
        InheritedSockets sockets = instance;
        if (sockets == null) {
            synchronized (InheritedSockets.class) {
                sockets = instance;
                if (sockets == null) {
                    sockets = fromEnvironment(System.getenv());
                    instance = sockets;
                }
            }
        }
        return sockets;
    }

    /**
     * systemd's variables when {@code LISTEN_PID} names this process (a child of it inherits the variables, not the
     * sockets' meaning); failing that, Server::Starter's {@code SERVER_STARTER_PORT}.
     */
    static InheritedSockets fromEnvironment(Map<String, String> env) {
        List<Integer> fds = new ArrayList<>();
        List<String> names = new ArrayList<>();
        if (forThisProcess(env)) {
            int count = Integer.parseInt(env.getOrDefault("LISTEN_FDS", "0").strip());
            String[] given = env.getOrDefault("LISTEN_FDNAMES", "").split(":", -1);
            for (int i = 0; i < count; i++) {
                fds.add(3 + i);
                names.add(i < given.length ? given[i] : "");
            }
        } else if (!env.getOrDefault("SERVER_STARTER_PORT", "").isEmpty()) {
            for (String entry : env.get("SERVER_STARTER_PORT").split(";")) {
                int equals = entry.lastIndexOf('=');
                if (equals > 0) {
                    fds.add(Integer.parseInt(entry.substring(equals + 1).strip()));
                    names.add(entry.substring(0, equals));
                }
            }
        }
        return new InheritedSockets(List.copyOf(fds), List.copyOf(names));
    }

    static boolean forThisProcess(Map<String, String> env) {
        try {
            return Long.parseLong(env.getOrDefault("LISTEN_PID", "0").strip()) == ProcessHandle.current().pid();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    boolean any() {
        return !fds.isEmpty();
    }

    /** @return the descriptors, for tests */
    List<Integer> fds() {
        return fds;
    }

    /** @return the names, for tests */
    List<String> names() {
        return names;
    }

    /** @return the socket named {@code name}, or else the one on {@code port}, or {@code null} */
    synchronized ServerSocketChannel find(String name, int port) throws IOException {
        if (name != null && names.contains(name)) {
            return channel(fds.get(names.indexOf(name)));
        }
        for (int fd : fds) {
            ServerSocketChannel channel = channel(fd);
            if (((InetSocketAddress) channel.getLocalAddress()).getPort() == port) {
                return channel;
            }
        }
        return null;
    }

    private ServerSocketChannel channel(int fd) {
        return channels.computeIfAbsent(fd, InheritedSockets::adopt);
    }

    private static ServerSocketChannel adopt(int fd) {
        try {
            Method newFd = Class.forName("sun.nio.ch.IOUtil").getMethod("newFD", int.class);
            Constructor<?> constructor = Class.forName("sun.nio.ch.ServerSocketChannelImpl").getDeclaredConstructor(
                    SelectorProvider.class, ProtocolFamily.class, FileDescriptor.class, boolean.class);
            newFd.setAccessible(true);
            constructor.setAccessible(true);
            // The family the JDK gives its own sockets, as System.inheritedChannel() does for descriptor 0.
            ProtocolFamily family = Boolean.getBoolean("java.net.preferIPv4Stack") ? StandardProtocolFamily.INET
                    : StandardProtocolFamily.INET6;
            return (ServerSocketChannel) constructor.newInstance(SelectorProvider.provider(), family,
                    newFd.invoke(null, fd), true);
        } catch (RuntimeException | ReflectiveOperationException e) {
            throw new IllegalStateException("this JVM inherited listening socket " + fd + " but cannot take it: "
                    + "run it with -javaagent:reload-agent.jar or with " + ADD_OPENS + " (" + e + ")", e);
        }
    }
}

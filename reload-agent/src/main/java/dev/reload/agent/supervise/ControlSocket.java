package dev.reload.agent.supervise;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ExecutionException;

/**
 * The supervisor's Unix socket, {@code /tmp/reload-supervisor-<pid>.sock}, readable and writable by its user alone.
 * Each connection carries one request line and gets one answer: a first line {@code ok} or {@code refused}, then the
 * answer's text until the supervisor closes the connection.
 *
 * <pre>
 * ready N          generation N may take over (what the application's ready() sends)
 * restart          start a new generation; answered when it is ready or refused
 * status [json]    the generations and the sockets
 * </pre>
 */
final class ControlSocket {

    private final Path path;
    private final Supervisor supervisor;
    private final StatusRenderer status;

    ControlSocket(Path path, Supervisor supervisor, StatusRenderer status) {
        this.path = path;
        this.supervisor = supervisor;
        this.status = status;
    }

    /** @return the socket's path for a supervisor of this pid, as seen from inside its own file system */
    static Path path(long pid) {
        return Path.of("/tmp", "reload-supervisor-" + pid + ".sock");
    }

    /** Binds the socket and answers on daemon threads until the process exits, which removes the file. */
    void open() throws IOException {
        Files.deleteIfExists(path);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        path.toFile().deleteOnExit();
        Thread acceptor = new Thread(() -> {
            while (true) {
                try {
                    SocketChannel connection = server.accept();
                    Thread answer = new Thread(() -> answer(connection), "reload-supervisor-control");
                    answer.setDaemon(true);
                    answer.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "reload-supervisor-control-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void answer(SocketChannel connection) {
        try (connection;
             BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(connection),
                     StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Channels.newOutputStream(connection), true, StandardCharsets.UTF_8)) {
            String request = in.readLine();
            out.print(respond(request == null ? "" : request.strip()));
            out.flush();
        } catch (IOException ignored) {
            // The client went away.
        }
    }

    private String respond(String request) {
        String[] words = request.split(" ");
        try {
            switch (words[0]) {
                case "ready":
                    supervisor.ready(Integer.parseInt(words[1]));
                    return "ok\n";
                case "restart":
                    return "ok\n" + supervisor.restart().get() + "\n";
                case "status":
                    boolean json = words.length > 1 && words[1].equals("json");
                    return "ok\n" + status.render(supervisor.generations().get(), json);
                default:
                    return "refused\nunknown request '" + request + "'\n";
            }
        } catch (ExecutionException e) {
            return "refused\n" + e.getCause().getMessage() + "\n";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "refused\ninterrupted\n";
        } catch (RuntimeException e) {
            return "refused\nbad request '" + request + "': " + e + "\n";
        }
    }
}

package dev.reload.agent.supervise;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Asks a running supervisor over its {@link ControlSocket}: what the command line's {@code restart <pid>} and
 * {@code status <pid>} use.
 */
public final class SupervisorClient {

    private SupervisorClient() {
    }

    /**
     * The supervisor's answer.
     *
     * @param ok   whether it did what was asked
     * @param text the answer, or the reason it refused
     */
    public record Answer(boolean ok, String text) {
    }

    /**
     * Sends one request and waits for the whole answer: for {@code restart}, until the new generation is ready or
     * refused.
     *
     * @param pid     the supervisor
     * @param request {@code restart}, {@code status} or {@code status json}
     * @return the answer
     * @throws IOException if the supervisor cannot be reached or goes away before it answers
     */
    public static Answer ask(long pid, String request) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(reachable(pid)));
            channel.write(ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8)));
            String answer = new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
            int newline = answer.indexOf('\n');
            if (newline < 0) {
                throw new IOException("supervisor " + pid + " went away before it answered");
            }
            String body = answer.substring(newline + 1);
            return new Answer(answer.substring(0, newline).equals("ok"), body.endsWith("\n")
                    ? body.substring(0, body.length() - 1) : body);
        }
    }

    /** @return the control socket of supervisor {@code pid}, through its root directory as the kernel shows it */
    static Path reachable(long pid) {
        return Path.of("/proc/" + pid + "/root" + ControlSocket.path(pid));
    }
}

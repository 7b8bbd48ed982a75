package dev.reload.api;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class InheritedSocketsTest {

    private static final String OWN_PID = Long.toString(ProcessHandle.current().pid());

    @Test
    void systemdsVariablesCountOnlyWhenListenPidIsThisProcess() {
        InheritedSockets mine = InheritedSockets.fromEnvironment(Map.of("LISTEN_PID", OWN_PID, "LISTEN_FDS", "2",
                "LISTEN_FDNAMES", "http:admin"));
        InheritedSockets someoneElses = InheritedSockets.fromEnvironment(Map.of("LISTEN_PID", "1", "LISTEN_FDS", "2"));

        assertThat(mine.fds()).containsExactly(3, 4);
        assertThat(mine.names()).containsExactly("http", "admin");
        assertThat(someoneElses.any()).isFalse();
    }

    @Test
    void serverStartersVariableIsReadWhenSystemdsIsAbsent() {
        InheritedSockets sockets = InheritedSockets.fromEnvironment(Map.of("SERVER_STARTER_PORT",
                "127.0.0.1:8080=3;8081=4"));

        assertThat(sockets.fds()).containsExactly(3, 4);
        assertThat(sockets.names()).containsExactly("127.0.0.1:8080", "8081");
    }

    @Test
    void withoutInheritedSocketsANewOneIsBound() throws IOException {
        try (ServerSocketChannel channel = ListeningSockets.open("http", 0)) {
            assertThat(((InetSocketAddress) channel.getLocalAddress()).getPort()).isPositive();
            assertThat(ListeningSockets.inherited()).isFalse();
        }
        ListeningSockets.ready();
    }
}

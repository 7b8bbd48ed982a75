package dev.reload.agent.supervise;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class GenerationEnvironmentTest {

    private static final List<HeldSocket> SOCKETS = List.of(new HeldSocket("http", "127.0.0.1", 8080, 64),
            new HeldSocket("8081", null, 8081, 65));

    @Test
    void theSocketsAreAnnouncedBySystemdsAndServerStartersConventions() {
        Map<String, String> env = GenerationEnvironment.environment(Map.of("PATH", "/bin", "NOTIFY_SOCKET", "/run/x",
                "LISTEN_PID", "1"), SOCKETS, 3, 42, "/tmp/reload-supervisor-42.sock");

        assertThat(env).containsEntry("PATH", "/bin")
                .containsEntry("LISTEN_FDS", "2")
                .containsEntry("LISTEN_FDNAMES", "http:8081")
                .containsEntry("SERVER_STARTER_PORT", "127.0.0.1:8080=3;8081=4")
                .containsEntry("RELOAD_SUPERVISOR_PID", "42")
                .containsEntry("RELOAD_SUPERVISOR_SOCKET", "/tmp/reload-supervisor-42.sock")
                .containsEntry("RELOAD_GENERATION", "3")
                .doesNotContainKeys("NOTIFY_SOCKET", "LISTEN_PID");
    }

    @Test
    void theShellSetsListenPidToItsOwnPidAndExecsTheCommandThroughSetprivWhenThereIsOne() {
        assertThat(GenerationEnvironment.argv(List.of("java", "-jar", "a b.jar"), 2, "/usr/bin/setpriv"))
                .containsExactly("/bin/sh", "-c",
                        "LISTEN_PID=$$; export LISTEN_PID; exec /usr/bin/setpriv --pdeathsig TERM -- \"$@\"",
                        "reload-generation-2", "java", "-jar", "a b.jar");
        assertThat(GenerationEnvironment.argv(List.of("app"), 1, null)).element(2)
                .isEqualTo("LISTEN_PID=$$; export LISTEN_PID; exec \"$@\"");
    }
}

package dev.reload.agent.supervise;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SupervisorOptionsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        SupervisorOptions options = SupervisorOptions.parse(List.of("--", "java", "-jar", "app.jar"));

        assertThat(options.backlog()).isEqualTo(1024);
        assertThat(options.readyTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(options.stopTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.readyAfter()).isNull();
        assertThat(options.listen()).isEmpty();
        assertThat(options.command()).containsExactly("java", "-jar", "app.jar");
    }

    @Test
    void everyOptionIsReadWithTheAgentsDurations() {
        SupervisorOptions options = SupervisorOptions.parse(List.of("--listen", "http=127.0.0.1:8080", "--listen",
                "9090", "--backlog", "64", "--ready-timeout", "2m", "--stop-timeout", "500ms", "--ready-after", "5s",
                "--", "app", "--listen", "x"));

        assertThat(options.listen()).containsExactly(new ListenAddress("http", "127.0.0.1", 8080),
                new ListenAddress(null, null, 9090));
        assertThat(options.backlog()).isEqualTo(64);
        assertThat(options.readyTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(options.stopTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(options.readyAfter()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.command()).containsExactly("app", "--listen", "x");
    }

    @Test
    void aCommandFileIsReadAfreshAtEveryStart(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("command"), "# the JDK\n/opt/jdk/bin/java\n\n-jar\napp one.jar\n");
        SupervisorOptions options = SupervisorOptions.parse(List.of("--command-file", file.toString()));

        assertThat(options.currentCommand()).containsExactly("/opt/jdk/bin/java", "-jar", "app one.jar");
        Files.writeString(file, "other\n");
        assertThat(options.currentCommand()).containsExactly("other");
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> SupervisorOptions.parse(List.of("--listen", "8080")))
                .hasMessageContaining("no command");
        assertThatThrownBy(() -> SupervisorOptions.parse(List.of("--command-file", "f", "--", "x")))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> SupervisorOptions.parse(List.of("--stop-timeout", "30", "--", "x")))
                .hasMessageContaining("--stop-timeout 30");
        assertThatThrownBy(() -> SupervisorOptions.parse(List.of("--frob", "1", "--", "x")))
                .hasMessageContaining("unknown option '--frob'");
        assertThatThrownBy(() -> SupervisorOptions.parse(List.of("--listen", "a=1", "--listen", "a=2", "--", "x")))
                .hasMessageContaining("same name");
        assertThatThrownBy(() -> SupervisorOptions.parse(List.of("--listen", "http=host:port", "--", "x")))
                .hasMessageContaining("[NAME=][HOST:]PORT");
    }

    @Test
    void listenAddressesTakeANameAHostAndIPv6InBrackets() {
        assertThat(ListenAddress.parse("[::1]:80")).isEqualTo(new ListenAddress(null, "::1", 80));
        assertThat(ListenAddress.parse("admin=0.0.0.0:81")).isEqualTo(new ListenAddress("admin", "0.0.0.0", 81));
        assertThat(new HeldSocket("x", "::1", 80, 70).address()).isEqualTo("[::1]:80");
        assertThat(new HeldSocket("x", null, 80, 70).address()).isEqualTo("80");
    }
}

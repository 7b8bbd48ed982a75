package dev.reload.runtime;

import dev.reload.api.ReloadEvent;
import dev.reload.api.ServiceRegistry;
import dev.reload.api.ServiceUnavailableException;
import dev.reload.testkit.Greeter;
import dev.reload.testkit.Greeters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class ReloadRuntimeTest {

    @TempDir
    Path dir;

    private ReloadRuntime runtime;
    private final List<ReloadEvent> events = new CopyOnWriteArrayList<>();
    private final dev.reload.api.ReloadListener listener = events::add;

    @AfterEach
    void close() {
        ServiceRegistry.removeListener(listener);
        if (runtime != null) {
            runtime.close();
        }
    }

    private ReloadRuntime start() {
        ServiceRegistry.addListener(listener);
        runtime = ReloadRuntime.start(ReloadOptions.defaults().withPlugins(dir.resolve("plugins"))
                .withSettleTime(Duration.ofMillis(50)));
        return runtime;
    }

    @Test
    void jarsPresentAtStartServeTheFirstCall() throws Exception {
        Files.createDirectories(dir.resolve("plugins"));
        Greeters.version("1.0.0").writeTo(dir.resolve("plugins"));
        start();
        assertThat(ServiceRegistry.get(Greeter.class).greet("a")).isEqualTo("1.0.0:a");
    }

    @Test
    void higherVersionDroppedInServesLaterCalls() {
        start();
        Greeter greeter = ServiceRegistry.get(Greeter.class);
        assertThatThrownBy(() -> greeter.greet("x")).isInstanceOf(ServiceUnavailableException.class)
                .hasMessageContaining(Greeter.class.getName()).hasMessageContaining(dir.resolve("plugins").toString());
        Greeters.version("1.0.0").moveInto(runtime.pluginsDirectory());
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> greeter.greet("b").equals("1.0.0:b"));
        Greeters.version("1.1.0").moveInto(runtime.pluginsDirectory());
        await().atMost(Duration.ofSeconds(10)).until(() -> greeter.greet("b").equals("1.1.0:b"));
        assertThat(greeter.toString()).contains(Greeter.class.getName()).contains("greeter").contains("1.1.0");
        await().atMost(Duration.ofSeconds(10)).until(() -> events.stream()
                .anyMatch(e -> e.equals(new ReloadEvent.Retired("greeter", "1.0.0"))));
    }
}

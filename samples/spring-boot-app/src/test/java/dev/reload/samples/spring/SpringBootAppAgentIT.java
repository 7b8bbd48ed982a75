package dev.reload.samples.spring;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.List;

import static dev.reload.samples.spring.BootApps.GREETER_1;
import static dev.reload.samples.spring.BootApps.GREETER_2;
import static dev.reload.samples.spring.SpringBootAppIT.HELLO_1;
import static dev.reload.samples.spring.SpringBootAppIT.HELLO_2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample application's executable jar run with the agent, as the README says to deploy it:
 * {@code java -javaagent:reload-agent.jar=plugins=DIR -jar app.jar}. The starter uses the agent's runtime instead of
 * starting one.
 */
class SpringBootAppAgentIT {

    @RegisterExtension
    final BootApps apps = new BootApps();

    @Test
    void theStarterUsesTheAgentsRuntimeAndVersionsSwapWhileItServes() throws Exception {
        Path plugins = apps.plugins();
        BootApps.deploy(GREETER_1, plugins);
        BootApp app = apps.start(List.of("-javaagent:" + BootApps.AGENT + "=plugins=" + plugins),
                "--reload.plugins=not-used-under-the-agent");
        assertThat(app.get("/greet").body()).isEqualTo(HELLO_1);

        Greetings greetings = new Greetings(app, 2);
        try (greetings) {
            await().atMost(BootApp.WAIT).until(() -> greetings.answeredBy("1.0.0") >= 20);
            BootApps.deploy(GREETER_2, plugins);
            await().atMost(BootApp.WAIT).until(() -> greetings.answeredBy("2.0.0") >= 20);
        }

        assertThat(greetings.failures()).isEmpty();
        assertThat(app.get("/greet").body()).isEqualTo(HELLO_2);
        app.awaitOutput("greeter 1.0.0: closed, its last call has returned");
        assertThat(apps.temp().resolve("not-used-under-the-agent")).doesNotExist();

        BootApp.Response status = app.get("/actuator/reload");
        assertThat(status.body()).startsWith("{\"pid\":" + app.pid() + ",\"pluginsDirectory\":\"" + plugins + "\",")
                .contains("{\"id\":\"greeter\",\"activeVersion\":\"2.0.0\"", "\"swaps\":1,");
        assertThat(status.body()).isEqualTo(SpringBootAppIT.statusJson(app.pid()));
        assertThat(SpringBootAppIT.component(app.get("/actuator/health").body(), "reload"))
                .contains("\"status\":\"UP\"", "\"activeVersion\":\"2.0.0\"");
        assertThat(app.get("/actuator/metrics/reload.calls?tag=plugin:greeter").body())
                .contains("{\"tag\":\"version\",\"values\":[\"2.0.0\"]}");
    }
}

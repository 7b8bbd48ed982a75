package dev.reload.samples.spring;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.reload.samples.spring.BootApps.GREETER_1;
import static dev.reload.samples.spring.BootApps.GREETER_2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample application's executable jar, run as {@code java -jar}, with the runtime the starter starts from its
 * {@code reload.*} properties: versions swap while it serves HTTP, and Actuator shows what happened. The same tests
 * run against the jar built with Spring Boot 3.5 (samples/spring-boot-app) and with 4.0 (samples/spring-boot4-app).
 */
class SpringBootAppIT {

    static final String HELLO_1 = "Hello, world! (greeter 1.0.0)";
    static final String HELLO_2 = "Hello again, world, good to see you! (greeter 2.0.0)";

    @RegisterExtension
    final BootApps apps = new BootApps();

    @Test
    void versionsSwapWhileItServesWithoutAFailedRequestAndActuatorShowsWhatHappened() throws Exception {
        Path plugins = apps.plugins();
        BootApps.deploy(GREETER_1, plugins);
        BootApp app = apps.start(List.of());
        assertThat(app.get("/greet").body()).isEqualTo(HELLO_1);

        Greetings greetings = new Greetings(app, 2);
        try (greetings) {
            await().atMost(BootApp.WAIT).until(() -> greetings.answeredBy("1.0.0") >= 20);
            BootApps.deploy(GREETER_2, plugins);
            await().atMost(BootApp.WAIT).until(() -> greetings.answeredBy("2.0.0") >= 20);
            BootApps.deployRefusedGreeter(plugins);
            await().atMost(BootApp.WAIT).until(() -> app.get("/actuator/reload").body().contains("\"rejects\":1"));
            long before = greetings.answeredBy("2.0.0");
            await().atMost(BootApp.WAIT).until(() -> greetings.answeredBy("2.0.0") >= before + 20);
        }

        assertThat(greetings.failures()).isEmpty();
        for (List<Greetings.Answer> answers : greetings.answers()) {
            List<String> versions = answers.stream().map(Greetings.Answer::version).distinct().toList();
            assertThat(versions).as("versions one client saw, in order").containsExactly("1.0.0", "2.0.0");
        }
        assertThat(app.get("/greet").body()).isEqualTo(HELLO_2);
        app.awaitOutput("greeter 1.0.0: closed, its last call has returned");
        app.awaitOutput("greeter 1.0.0: retired");

        BootApp.Response status = app.get("/actuator/reload");
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.contentType()).contains("json");
        assertThat(status.body()).startsWith("{\"pid\":" + app.pid() + ",\"pluginsDirectory\":\"" + plugins + "\",")
                .contains("{\"id\":\"greeter\",\"activeVersion\":\"2.0.0\",\"pinnedVersion\":null,"
                        + "\"state\":\"ACTIVE\",\"inFlight\":0,")
                .contains("\"swaps\":1,\"rejects\":1,", "\"versions\":[\"2.0.0\",\"1.0.0\"]",
                        "\"retiring\":{}", "greeter-3.0.0.jar", "no greetings today");
        assertThat(status.body()).as("what status --json prints").isEqualTo(statusJson(app.pid()));

        BootApp.Response health = app.get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(component(health.body(), "reload")).contains("\"status\":\"UP\"", "\"activeVersion\":\"2.0.0\"",
                "\"lastRejection\":\"", "greeter-3.0.0.jar",
                "\"dev.reload.samples.greeter.Greeter\":{\"required\":true,\"available\":true}");

        BootApp.Response calls = app.get("/actuator/metrics/reload.calls?tag=plugin:greeter");
        assertThat(calls.status()).isEqualTo(200);
        assertThat(calls.body()).contains("{\"tag\":\"version\",\"values\":[\"2.0.0\"]}");
        assertThat(value(calls.body())).isGreaterThanOrEqualTo(greetings.total());
        assertThat(value(app.get("/actuator/metrics/reload.swaps").body())).isEqualTo(1);
        assertThat(value(app.get("/actuator/metrics/reload.rejections").body())).isEqualTo(1);
        assertThat(value(app.get("/actuator/metrics/reload.calls.in.flight").body())).isZero();
        assertThat(value(app.get("/actuator/metrics/reload.versions.retiring").body())).isZero();

        assertThat(app.post("/actuator/reload/greeter/rollback", "{}").status())
                .as("write operations are off by default").isIn(404, 405);
        assertThat(app.get("/greet").body()).isEqualTo(HELLO_2);
    }

    @Test
    void anOperatorPinsUnpinsAndRollsBackOverHttpWhenTheApplicationAllowsIt() {
        Path plugins = apps.plugins();
        BootApps.deploy(GREETER_1, plugins);
        BootApps.deploy(GREETER_2, plugins);
        BootApp app = apps.start(List.of(), "--management.endpoint.reload.access=unrestricted");
        assertThat(app.get("/greet").body()).isEqualTo(HELLO_2);

        BootApp.Response pinned = app.post("/actuator/reload/greeter/pin", "{\"version\":\"1.0.0\"}");
        assertThat(pinned.status()).isEqualTo(200);
        assertThat(pinned.body())
                .isEqualTo("{\"ok\":true,\"message\":\"pinned greeter to 1.0.0; swapped 2.0.0 -> 1.0.0\"}");
        assertThat(app.get("/greet").body()).isEqualTo(HELLO_1);
        assertThat(app.get("/actuator/reload").body()).contains("\"pinnedVersion\":\"1.0.0\",\"state\":\"PINNED\"");

        assertThat(app.post("/actuator/reload/greeter/unpin", "{}").body()).contains("\"ok\":true");
        assertThat(app.get("/greet").body()).isEqualTo(HELLO_2);
        assertThat(app.post("/actuator/reload/greeter/rollback", "{}").body())
                .contains("rolled greeter back from 2.0.0 to 1.0.0");
        assertThat(app.get("/greet").body()).isEqualTo(HELLO_1);

        BootApp.Response refused = app.post("/actuator/reload/greeter/pin", "{\"version\":\"9.9.9\"}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body()).startsWith("{\"ok\":false,\"message\":\"").contains("9.9.9");
        assertThat(app.post("/actuator/reload/nobody/unpin", "{}").status()).isEqualTo(404);
        assertThat(app.post("/actuator/reload", "{}").status()).isEqualTo(200);
        assertThat(app.get("/greet").body()).isEqualTo(HELLO_1);
    }

    @Test
    void withReloadDisabledNothingIsStartedOrRegistered() {
        Path plugins = apps.plugins();
        BootApps.deploy(GREETER_1, plugins);
        BootApp app = apps.start(List.of(), "--reload.enabled=false", "--reload.plugins=absent");

        BootApp.Response greeting = app.get("/greet");
        assertThat(greeting.status()).isEqualTo(503);
        assertThat(greeting.body()).contains("no reload runtime is running");
        assertThat(app.get("/actuator/reload").status()).isEqualTo(404);
        assertThat(app.get("/actuator/metrics/reload.calls").status()).isEqualTo(404);
        assertThat(app.get("/actuator/metrics").body()).doesNotContain("\"reload.");
        BootApp.Response health = app.get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).doesNotContain("\"reload\":");
        assertThat(app.output()).doesNotContain("greeter 1.0.0: loaded");
        assertThat(apps.temp().resolve("absent")).doesNotExist();
    }

    /**
     * @return the object under {@code "name":} in {@code json}, braces and all; Spring Boot 3 and 4 order the
     *         properties of an object differently, so tests look inside the object instead of at its first characters
     */
    static String component(String json, String name) {
        int start = json.indexOf("\"" + name + "\":{");
        assertThat(start).as("%s has \"%s\"", json, name).isNotNegative();
        start = json.indexOf('{', start);
        int depth = 0;
        boolean inString = false;
        for (int i = start; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return json.substring(start, i + 1);
            }
        }
        throw new AssertionError("unbalanced JSON: " + json);
    }

    private static double value(String metric) {
        Matcher value = Pattern.compile("\"statistic\":\"(?:COUNT|VALUE)\",\"value\":([0-9.E]+)").matcher(metric);
        assertThat(value.find()).as(metric).isTrue();
        return Double.parseDouble(value.group(1));
    }

    /** @return what {@code java -jar reload-agent.jar status --json <pid>} prints */
    static String statusJson(long pid) throws IOException, InterruptedException {
        Process cli = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", BootApps.AGENT.toString(), "status", "--json", Long.toString(pid))
                .redirectErrorStream(true).start();
        String out = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(cli.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(cli.exitValue()).as(out).isZero();
        return out;
    }
}

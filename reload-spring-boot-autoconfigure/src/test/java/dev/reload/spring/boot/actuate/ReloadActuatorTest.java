package dev.reload.spring.boot.actuate;

import dev.reload.api.ServiceRegistry;
import dev.reload.runtime.ReloadRuntime;
import dev.reload.runtime.manage.Json;
import dev.reload.runtime.manage.StatusReport;
import dev.reload.spring.boot.EnableReloadServices;
import dev.reload.spring.boot.autoconfigure.ReloadAutoConfiguration;
import dev.reload.spring.boot.autoconfigure.ReloadEndpointAutoConfiguration;
import dev.reload.spring.boot.autoconfigure.ReloadHealthContributorAutoConfiguration;
import dev.reload.spring.boot.autoconfigure.ReloadMetricsAutoConfiguration;
import dev.reload.testkit.Greeter;
import dev.reload.testkit.Greeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The endpoint, the health indicator and the meters, on a runtime the application started. */
class ReloadActuatorTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path temp;

    private Path plugins;

    private ApplicationContextRunner runner() throws Exception {
        plugins = Files.createDirectories(temp.resolve("plugins"));
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ReloadAutoConfiguration.class,
                        ReloadEndpointAutoConfiguration.class, ReloadHealthContributorAutoConfiguration.class,
                        ReloadMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
                        CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
                .withPropertyValues("reload.plugins=" + plugins, "reload.settle-time=10ms",
                        "management.endpoints.web.exposure.include=reload");
    }

    @AfterEach
    void noRuntimeOutlivesItsTest() {
        ReloadRuntime.current().ifPresent(ReloadRuntime::close);
    }

    @Test
    void theEndpointReadsWhatStatusJsonPrints() throws Exception {
        ApplicationContextRunner runner = runner();
        Greeters.version("1.0.0").writeTo(plugins);
        runner.run(context -> {
            WebEndpointResponse<String> status = context.getBean(ReloadEndpoint.class).status();

            assertThat(status.getStatus()).isEqualTo(200);
            assertThat(status.getBody()).isEqualTo(Json.status(StatusReport.read(ProcessHandle.current().pid(),
                    ManagementFactory.getPlatformMBeanServer())));
            assertThat(status.getBody()).contains("\"id\":\"greeter\",\"activeVersion\":\"1.0.0\"");
        });
    }

    @Test
    void theEndpointsOperationsAnswerAsTheCommandLineAndRefuseWithAStatus() throws Exception {
        ApplicationContextRunner runner = runner();
        Greeters.version("1.0.0").writeTo(plugins);
        runner.run(context -> {
            ReloadEndpoint endpoint = context.getBean(ReloadEndpoint.class);
            Greeter greeter = ServiceRegistry.get(Greeter.class);
            Greeters.version("2.0.0").moveInto(plugins);
            await().atMost(WAIT).until(() -> greeter.greet("x").equals("2.0.0:x"));

            assertThat(endpoint.operate("greeter", "rollback", null).getBody()).isEqualTo(
                    "{\"ok\":true,\"message\":\"rolled greeter back from 2.0.0 to 1.0.0; pinned to 1.0.0 until "
                            + "unpin\"}");
            assertThat(greeter.greet("x")).isEqualTo("1.0.0:x");
            assertAnswer(endpoint.operate("greeter", "unpin", null), 200, "unpinned greeter");
            assertThat(greeter.greet("x")).isEqualTo("2.0.0:x");
            assertAnswer(endpoint.operate("greeter", "pin", "1.0.0"), 200, "pinned greeter to 1.0.0");
            assertAnswer(endpoint.operate("greeter", "pin", "3.0.0"), 409, "no usable jar of greeter 3.0.0");
            assertAnswer(endpoint.operate("greeter", "pin", null), 400, "pin needs the version");
            assertAnswer(endpoint.operate("greeter", "explode", null), 400, "no action 'explode'");
            assertAnswer(endpoint.operate("nobody", "unpin", null), 404, "no plugin 'nobody'; plugins: greeter");
            assertAnswer(endpoint.operate("greeter", "reload", null), 200, "greeter");
            assertAnswer(endpoint.rescan(), 200, "greeter");
        });
    }

    private static void assertAnswer(WebEndpointResponse<String> answer, int status, String body) {
        assertThat(answer.getStatus()).as(answer.getBody()).isEqualTo(status);
        assertThat(answer.getBody()).startsWith(status == 200 ? "{\"ok\":true," : "{\"ok\":false,").contains(body);
    }

    @Configuration(proxyBeanMethods = false)
    @EnableReloadServices(required = Greeter.class)
    static class RequiresAGreeter {
    }

    @Test
    void healthIsDownWhileARequiredServiceHasNoImplementationAndNamesEachPluginsVersionAndLastRejection()
            throws Exception {
        runner().withUserConfiguration(RequiresAGreeter.class).run(context -> {
            HealthIndicator indicator = context.getBean("reloadHealthIndicator", HealthIndicator.class);
            Health down = indicator.health();
            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            assertThat(down.getDetails()).containsEntry("services",
                    Map.of(Greeter.class.getName(), Map.of("required", true, "available", false)));

            Greeters.version("1.0.0").moveInto(plugins);
            await().atMost(WAIT).until(() -> indicator.health().getStatus().equals(Status.UP));
            Files.write(plugins.resolve("greeter-3.0.0.jar"), new byte[] {1, 2, 3});
            await().atMost(WAIT).until(() -> indicator.health().getDetails().toString().contains("lastRejection"));

            Health up = indicator.health();
            assertThat(up.getStatus()).isEqualTo(Status.UP);
            assertThat(up.getDetails()).containsEntry("pluginsDirectory", plugins.toString());
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> pluginDetails = (Map<String, Map<String, Object>>) up.getDetails()
                    .get("plugins");
            assertThat(pluginDetails.get("greeter")).containsEntry("activeVersion", "1.0.0")
                    .containsEntry("state", "ACTIVE");
            assertThat((String) pluginDetails.get("greeter").get("lastRejection"))
                    .contains("greeter-3.0.0.jar", "not a valid jar");
        });
    }

    @Test
    void metersFollowTheActiveVersionAndGoWithTheRuntime() throws Exception {
        ApplicationContextRunner runner = runner();
        Greeters.version("1.0.0").writeTo(plugins);
        MeterRegistry[] kept = new MeterRegistry[1];
        runner.run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            kept[0] = registry;
            Greeter greeter = ServiceRegistry.get(Greeter.class);
            // The meters of a version are registered one by one on the runtime's thread: wait for the last.
            await().atMost(WAIT).until(() -> meters(registry, "1.0.0").functionCounter() != null
                    && registry.find("reload.calls.in.flight").tag("plugin", "greeter").gauge() != null
                    && registry.find("reload.versions.retiring").tag("plugin", "greeter").gauge() != null);
            greeter.greet("x");
            greeter.greet("y");
            assertThat(meters(registry, "1.0.0").functionCounter().count()).isEqualTo(2);
            assertThat(registry.find("reload.calls.in.flight").tag("plugin", "greeter").gauge().value()).isZero();
            assertThat(registry.find("reload.versions.retiring").tag("plugin", "greeter").gauge().value()).isZero();

            Greeters.version("2.0.0").moveInto(plugins);
            await().atMost(WAIT).until(() -> meters(registry, "2.0.0").functionCounter() != null
                    && registry.find("reload.swaps").tags("plugin", "greeter", "version", "2.0.0")
                            .functionCounter() != null
                    && registry.find("reload.rejections").tags("plugin", "greeter", "version", "2.0.0")
                            .functionCounter() != null
                    && meters(registry, "1.0.0").meters().isEmpty());
            assertThat(meters(registry, "1.0.0").meters()).isEmpty();
            assertThat(registry.find("reload.swaps").tags("plugin", "greeter", "version", "2.0.0")
                    .functionCounter().count()).isEqualTo(1);
            assertThat(registry.find("reload.rejections").tags("plugin", "greeter", "version", "2.0.0")
                    .functionCounter().count()).isZero();
        });
        assertThat(kept[0].find("reload.calls").meters()).isEmpty();
    }

    private static Search meters(MeterRegistry registry, String version) {
        return registry.find("reload.calls").tags("plugin", "greeter", "version", version);
    }
}

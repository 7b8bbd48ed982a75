package dev.reload.spring.boot.autoconfigure;

import dev.reload.runtime.ReloadOptions;
import dev.reload.runtime.ReloadRuntime;
import dev.reload.spring.boot.actuate.ReloadEndpoint;
import dev.reload.spring.boot.actuate.ReloadHealth;
import dev.reload.spring.boot.actuate.ReloadHealthIndicator;
import dev.reload.spring.boot.actuate.ReloadMetrics;
import dev.reload.testkit.Greeter;
import dev.reload.testkit.Greeters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.beans.PropertyDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** When the starter starts a runtime, when it uses the agent's, and when it stays out of the way. */
class ReloadAutoConfigurationTest {

    static final AutoConfigurations ALL = AutoConfigurations.of(ReloadAutoConfiguration.class,
            ReloadEndpointAutoConfiguration.class, ReloadHealthContributorAutoConfiguration.class,
            ReloadMetricsAutoConfiguration.class);

    @TempDir
    Path temp;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner().withConfiguration(ALL)
                .withPropertyValues("reload.plugins=" + temp.resolve("plugins"), "reload.settle-time=10ms",
                        "management.endpoints.web.exposure.include=reload");
    }

    @AfterEach
    void noRuntimeOutlivesItsTest() {
        ReloadRuntime.current().ifPresent(ReloadRuntime::close);
    }

    @Test
    void startsARuntimeFromTheReloadPropertiesAndClosesItWithTheContext() throws Exception {
        Greeters.version("1.0.0").writeTo(Files.createDirectories(temp.resolve("plugins")));
        runner().withPropertyValues("reload.drain-timeout=7s", "reload.poll=2m", "reload.max-jar-size=1MB",
                        "reload.verify-linkage=false", "reload.incomplete-jar-grace=5s")
                .run(context -> {
                    ReloadRuntime runtime = context.getBean(ReloadRuntime.class);
                    assertThat(ReloadRuntime.current()).containsSame(runtime);
                    assertThat(runtime.pluginsDirectory()).isEqualTo(temp.resolve("plugins").toAbsolutePath());
                    ReloadOptions options = runtime.options();
                    assertThat(options.drainTimeout()).isEqualTo(Duration.ofSeconds(7));
                    assertThat(options.settleTime()).isEqualTo(Duration.ofMillis(10));
                    assertThat(options.incompleteJarGrace()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(options.poll()).isEqualTo(Duration.ofMinutes(2));
                    assertThat(options.maxJarSize()).isEqualTo(1024 * 1024);
                    assertThat(options.verifyLinkage()).isFalse();
                    assertThat(options.hostClassLoader()).isSameAs(context.getClassLoader());
                    assertThat(dev.reload.api.ServiceRegistry.get(Greeter.class).greet("x")).isEqualTo("1.0.0:x");
                });
        assertThat(ReloadRuntime.current()).isEmpty();
    }

    @Test
    void usesTheRuntimeThatRunsAlreadyAndLeavesItRunning() {
        ReloadRuntime agents = ReloadRuntime.start(ReloadOptions.defaults().withPlugins(temp.resolve("agent")));
        runner().run(context -> assertThat(context.getBean(ReloadRuntime.class)).isSameAs(agents));
        assertThat(ReloadRuntime.current()).containsSame(agents);
        assertThat(temp.resolve("plugins")).doesNotExist();
    }

    @Test
    void disabledStartsNothingAndRegistersNoReloadBean() {
        runner().withPropertyValues("reload.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(ReloadRuntime.class).doesNotHaveBean(ReloadProperties.class)
                    .doesNotHaveBean(ReloadEndpoint.class).doesNotHaveBean(ReloadHealth.class)
                    .doesNotHaveBean("reloadHealthIndicator").doesNotHaveBean(ReloadMetrics.class);
            assertThat(ReloadRuntime.current()).isEmpty();
        });
        assertThat(temp.resolve("plugins")).doesNotExist();
    }

    @Test
    void registersTheEndpointHealthIndicatorAndMetersWhenEnabled() {
        runner().run(context -> assertThat(context).hasSingleBean(ReloadRuntime.class)
                .hasSingleBean(ReloadEndpoint.class).hasSingleBean(ReloadHealthIndicator.class)
                .hasSingleBean(ReloadMetrics.class));
    }

    @Test
    void theEndpointNeedsToBeExposed() {
        new ApplicationContextRunner().withConfiguration(ALL)
                .withPropertyValues("reload.plugins=" + temp.resolve("plugins"))
                .run(context -> assertThat(context).hasSingleBean(ReloadRuntime.class)
                        .doesNotHaveBean(ReloadEndpoint.class));
    }

    @Test
    void theHealthIndicatorCanBeTurnedOffAsAnyOther() {
        runner().withPropertyValues("management.health.reload.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("reloadHealthIndicator"));
    }

    @Test
    void everyBeanTheApplicationDefinesReplacesTheAutoConfiguredOne() {
        ReloadEndpoint endpoint = new ReloadEndpoint();
        ReloadMetrics metrics = new ReloadMetrics();
        ReloadHealthIndicator indicator = new ReloadHealthIndicator(new ReloadHealth(List::of));
        runner().withBean("ownRuntime", ReloadRuntime.class,
                        () -> ReloadRuntime.start(ReloadOptions.defaults().withPlugins(temp.resolve("own"))))
                .withBean(ReloadEndpoint.class, () -> endpoint)
                .withBean(ReloadMetrics.class, () -> metrics)
                .withBean("reloadHealthIndicator", ReloadHealthIndicator.class, () -> indicator)
                .run(context -> {
                    assertThat(context).hasSingleBean(ReloadRuntime.class);
                    assertThat(context.getBean(ReloadRuntime.class).pluginsDirectory())
                            .isEqualTo(temp.resolve("own").toAbsolutePath());
                    assertThat(context.getBean(ReloadEndpoint.class)).isSameAs(endpoint);
                    assertThat(context.getBean(ReloadMetrics.class)).isSameAs(metrics);
                    assertThat(context.getBean(ReloadHealthIndicator.class)).isSameAs(indicator);
                });
    }

    @Test
    void aBadValueFailsTheStartNamingTheOption() {
        runner().withPropertyValues("reload.drain-timeout=0s").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("drainTimeout"));
    }

    @Test
    void everyAgentOptionIsAPropertyWithTheAgentsDefault() {
        Set<String> properties = Arrays.stream(new BeanWrapperImpl(ReloadProperties.class).getPropertyDescriptors())
                .filter(p -> p.getWriteMethod() != null).map(PropertyDescriptor::getName)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        Set<String> options = new LinkedHashSet<>(ReloadOptions.defaults().asMap().keySet());
        options.add("trustStorePassword");
        options.add("enabled");

        assertThat(properties).containsExactlyInAnyOrderElementsOf(options);
        assertThat(EmbeddedOptions.from(new ReloadProperties(), null).asMap())
                .isEqualTo(ReloadOptions.defaults().asMap());
    }
}

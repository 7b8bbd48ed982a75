package dev.reload.spring.boot.autoconfigure;

import dev.reload.runtime.ReloadRuntime;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;

/**
 * Auto-configuration of the reload runtime: the one the agent runs, or else one the
 * application starts from its {@code reload.*} properties and closes, draining, with the context.
 * {@code reload.enabled=false} turns reload off: no runtime is started and no reload bean is registered.
 */
@AutoConfiguration
@ConditionalOnClass(ReloadRuntime.class)
@ConditionalOnBooleanProperty(name = "reload.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ReloadProperties.class)
public class ReloadAutoConfiguration {

    /** The agent started the runtime before {@code main}; the JVM's shutdown stops it, not the context. */
    @Configuration(proxyBeanMethods = false)
    @Conditional(RunningRuntime.Visible.class)
    static class AgentRuntimeConfiguration {

        @Bean(destroyMethod = "")
        @ConditionalOnMissingBean
        ReloadRuntime reloadRuntime() {
            return RunningRuntime.visible().orElseThrow(() -> new IllegalStateException("the reload runtime the "
                    + "agent started is no longer running"));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Conditional(RunningRuntime.None.class)
    static class EmbeddedRuntimeConfiguration {

        /** Closed with the context: calls in flight finish first, up to {@code reload.drain-timeout}. */
        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        ReloadRuntime reloadRuntime(ReloadProperties properties, ResourceLoader resourceLoader) {
            return ReloadRuntime.start(EmbeddedOptions.from(properties, resourceLoader.getClassLoader()));
        }
    }
}

package dev.reload.spring.boot.autoconfigure;

import dev.reload.spring.boot.actuate.ReloadMetrics;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code reload.*} {@link ReloadMetrics meters}; Spring Boot binds them to its meter
 * registry.
 */
@AutoConfiguration(after = ReloadAutoConfiguration.class)
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnBooleanProperty(name = "reload.enabled", matchIfMissing = true)
public class ReloadMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ReloadMetrics reloadMetrics() {
        return new ReloadMetrics();
    }
}

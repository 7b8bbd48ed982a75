package dev.reload.spring.boot.autoconfigure;

import dev.reload.spring.boot.actuate.ReloadEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link ReloadEndpoint reload endpoint}, registered only when Actuator makes it available
 * (for HTTP: {@code management.endpoints.web.exposure.include=reload}).
 */
@AutoConfiguration(after = ReloadAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBooleanProperty(name = "reload.enabled", matchIfMissing = true)
@ConditionalOnAvailableEndpoint(ReloadEndpoint.class)
public class ReloadEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ReloadEndpoint reloadEndpoint() {
        return new ReloadEndpoint();
    }
}

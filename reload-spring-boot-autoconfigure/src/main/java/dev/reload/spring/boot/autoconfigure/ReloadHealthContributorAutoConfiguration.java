package dev.reload.spring.boot.autoconfigure;

import dev.reload.spring.boot.ReloadServices;
import dev.reload.spring.boot.actuate.ReloadHealth;
import dev.reload.spring.boot.actuate.ReloadHealthIndicator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the {@code reload} health indicator, for Spring Boot 3 or 4: each has its health API in its
 * own packages, so each has a configuration of its own, loaded only where its API is.
 */
@AutoConfiguration(after = ReloadAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "reload.enabled", matchIfMissing = true)
public class ReloadHealthContributorAutoConfiguration {

    private static ReloadHealth health(ObjectProvider<ReloadServices<?>> services) {
        return new ReloadHealth(() -> services.orderedStream().toList());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
    @org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator("reload")
    static class SpringBoot3 {

        @Bean
        @ConditionalOnMissingBean
        ReloadHealth reloadHealth(ObjectProvider<ReloadServices<?>> services) {
            return health(services);
        }

        @Bean
        @ConditionalOnMissingBean(name = "reloadHealthIndicator")
        ReloadHealthIndicator reloadHealthIndicator(ReloadHealth health) {
            return new ReloadHealthIndicator(health);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    @org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator("reload")
    static class SpringBoot4 {

        @Bean
        @ConditionalOnMissingBean
        ReloadHealth reloadHealth(ObjectProvider<ReloadServices<?>> services) {
            return health(services);
        }

        @Bean
        @ConditionalOnMissingBean(name = "reloadHealthIndicator")
        dev.reload.spring.boot.health.ReloadHealthIndicator reloadHealthIndicator(ReloadHealth health) {
            return new dev.reload.spring.boot.health.ReloadHealthIndicator(health);
        }
    }
}

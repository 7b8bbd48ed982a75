package dev.reload.spring.boot.health;

import dev.reload.spring.boot.actuate.ReloadHealth;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code reload} health indicator for Spring Boot 4, which moved health indicators to
 * {@code org.springframework.boot.health.contributor}; see {@link ReloadHealth} for what it reports.
 */
public class ReloadHealthIndicator implements HealthIndicator {

    private final ReloadHealth health;

    public ReloadHealthIndicator(ReloadHealth health) {
        this.health = health;
    }

    @Override
    public Health health() {
        ReloadHealth.Check check = health.check();
        return (check.up() ? Health.up() : Health.down()).withDetails(check.details()).build();
    }
}

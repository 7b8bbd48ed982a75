package dev.reload.spring.boot.actuate;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * The {@code reload} health indicator for Spring Boot 3; see {@link ReloadHealth} for what it reports.
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

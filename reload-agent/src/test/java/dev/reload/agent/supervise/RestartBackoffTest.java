package dev.reload.agent.supervise;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RestartBackoffTest {

    private static final Duration QUICK = Duration.ofSeconds(5);

    @Test
    void theFirstDeathRestartsAtOnceThenTheWaitDoublesFromOneSecondToSixty() {
        RestartBackoff backoff = new RestartBackoff();

        assertThat(backoff.afterDeath(QUICK)).isZero();
        assertThat(backoff.afterDeath(QUICK)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.afterDeath(QUICK)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.afterDeath(QUICK)).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.afterDeath(QUICK)).isEqualTo(Duration.ofSeconds(8));
        assertThat(backoff.afterDeath(QUICK)).isEqualTo(Duration.ofSeconds(16));
        assertThat(backoff.afterDeath(QUICK)).isEqualTo(Duration.ofSeconds(32));
        assertThat(backoff.afterDeath(QUICK)).isEqualTo(Duration.ofSeconds(60));
        assertThat(backoff.afterDeath(QUICK)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aGenerationThatRanForAMinuteStartsTheCountAgain() {
        RestartBackoff backoff = new RestartBackoff();
        backoff.afterDeath(QUICK);
        backoff.afterDeath(QUICK);
        backoff.afterDeath(QUICK);

        assertThat(backoff.afterDeath(Duration.ofMinutes(1))).isZero();
        assertThat(backoff.afterDeath(QUICK)).isEqualTo(Duration.ofSeconds(1));
    }
}

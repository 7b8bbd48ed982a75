package dev.reload.runtime.engine;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.reload.runtime.engine.BakeRule.Verdict.BAKING;
import static dev.reload.runtime.engine.BakeRule.Verdict.FAILED;
import static dev.reload.runtime.engine.BakeRule.Verdict.PASSED;
import static org.assertj.core.api.Assertions.assertThat;

/** A version fails its bake when more than the rate, and at least the minimum, of its calls failed. */
class BakeRuleTest {

    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);
    private final BakeRule defaults = new BakeRule(TEN_MINUTES, 5, 20);
    private final Duration early = Duration.ofSeconds(1);

    @Test
    void moreThanTheRateWithAtLeastTheMinimumFails() {
        assertThat(defaults.judge(early, 399, 20)).isEqualTo(FAILED);
        assertThat(defaults.judge(early, 20, 20)).isEqualTo(FAILED);
    }

    @Test
    void exactlyTheRateDoesNotFail() {
        assertThat(defaults.judge(early, 400, 20)).isEqualTo(BAKING);
        assertThat(defaults.judge(early, 401, 21)).isEqualTo(FAILED);
    }

    @Test
    void fewerFailuresThanTheMinimumNeverFailWhateverTheirShare() {
        assertThat(defaults.judge(early, 19, 19)).isEqualTo(BAKING);
        assertThat(defaults.judge(early, 3, 2)).isEqualTo(BAKING);
    }

    @Test
    void noCallsNoVerdictUntilTheTimeIsUp() {
        assertThat(defaults.judge(early, 0, 0)).isEqualTo(BAKING);
        assertThat(defaults.judge(TEN_MINUTES, 0, 0)).isEqualTo(PASSED);
    }

    @Test
    void aVersionThatDidNotFailPassesOnceTheTimeIsUp() {
        assertThat(defaults.judge(TEN_MINUTES.minusMillis(1), 10_000, 499)).isEqualTo(BAKING);
        assertThat(defaults.judge(TEN_MINUTES, 10_000, 499)).isEqualTo(PASSED);
    }

    @Test
    void failuresCountedByACheckThatRanLateStillFail() {
        assertThat(defaults.judge(TEN_MINUTES.plusMillis(50), 100, 30)).isEqualTo(FAILED);
    }

    @Test
    void aRateOfZeroFailsOnTheMinimumAlone() {
        BakeRule strict = new BakeRule(TEN_MINUTES, 0, 1);

        assertThat(strict.judge(early, 1_000_000, 0)).isEqualTo(BAKING);
        assertThat(strict.judge(early, 1_000_000, 1)).isEqualTo(FAILED);
    }

    @Test
    void aFractionalRateIsHonoured() {
        BakeRule fine = new BakeRule(TEN_MINUTES, 0.5, 5);

        assertThat(fine.judge(early, 1000, 5)).isEqualTo(BAKING);
        assertThat(fine.judge(early, 999, 5)).isEqualTo(FAILED);
    }

    @Test
    void theDescriptionGivesTheCountsTheShareAndBothLimits() {
        assertThat(defaults.describe(200, 25)).isEqualTo("failed 25 of 200 calls (12.5%) with an unchecked "
                + "exception, over bakeFailureRate=5% and bakeMinFailures=20");
        assertThat(new BakeRule(TEN_MINUTES, 0.5, 5).describe(0, 0)).contains("(0.0%)", "bakeFailureRate=0.5%");
    }
}

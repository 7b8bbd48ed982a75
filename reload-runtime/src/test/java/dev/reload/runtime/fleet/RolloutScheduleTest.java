package dev.reload.runtime.fleet;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RolloutScheduleTest {

    private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void theShareJumpsAtEachStepAndHoldsInBetween() throws IOException {
        RolloutSchedule schedule = RolloutSchedule.parse(properties(
                "start=2026-12-01T10:00:00Z\nsteps=5%@0m,25%@30m,100%@2h"));
        assertThat(schedule.percentAt(START.minusSeconds(1))).isEqualTo(0);
        assertThat(schedule.percentAt(START)).isEqualTo(5);
        assertThat(schedule.percentAt(START.plusSeconds(29 * 60))).isEqualTo(5);
        assertThat(schedule.percentAt(START.plusSeconds(30 * 60))).isEqualTo(25);
        assertThat(schedule.percentAt(START.plusSeconds(7_199))).isEqualTo(25);
        assertThat(schedule.percentAt(START.plusSeconds(7_200))).isEqualTo(100);
    }

    @Test
    void beforeTheFirstStepTheShareIsZero() throws IOException {
        RolloutSchedule schedule = RolloutSchedule.parse(properties(
                "start=2026-12-01T10:00:00Z\nsteps=50%@10s"));
        assertThat(schedule.percentAt(START.plusSeconds(9))).isEqualTo(0);
        assertThat(schedule.percentAt(START.plusSeconds(10))).isEqualTo(50);
    }

    @Test
    void aDescriptorWithoutStepsGoesEverywhereAtOnceAndMayWithdrawVersions() throws IOException {
        RolloutSchedule schedule = RolloutSchedule.parse(properties("withdrawn=1.1.0, 1.1.1"));
        assertThat(schedule.percentAt(START)).isEqualTo(100);
        assertThat(schedule.withdrawn()).containsExactlyInAnyOrder("1.1.0", "1.1.1");
    }

    @Test
    void malformedOrShrinkingStepsAreRefusedByName() {
        assertThatThrownBy(() -> RolloutSchedule.parse(properties("start=2026-12-01T10:00:00Z\nsteps=5%")))
                .hasMessageContaining("bad step '5%'");
        assertThatThrownBy(() -> RolloutSchedule.parse(properties(
                "start=2026-12-01T10:00:00Z\nsteps=50%@1m,25%@2m"))).hasMessageContaining("'25%@2m'");
        assertThatThrownBy(() -> RolloutSchedule.parse(properties("steps=5%@0m")))
                .hasMessageContaining("needs a 'start'");
    }

    @Test
    void thePlanTakesTheHighestEligibleVersionAndSkipsWithdrawnOnes() throws IOException {
        Map<String, RolloutSchedule> schedules = Map.of(
                "1.2.0", RolloutSchedule.parse(properties("start=2026-12-01T10:00:00Z\nsteps=0%@0m")),
                "1.3.0", RolloutSchedule.parse(properties("withdrawn=1.1.0")));
        RolloutPlan plan = RolloutPlan.of("web-01", "com.acme", "greeter",
                List.of("1.0.0", "1.1.0", "1.2.0", "1.3.0"), schedules, START);
        assertThat(plan.eligible()).containsExactly("1.3.0", "1.0.0");
        assertThat(plan.newest()).isEqualTo("1.3.0");
    }

    private static Properties properties(String text) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(text));
        return p;
    }
}

package dev.reload.runtime.log;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalTime;
import java.util.TimeZone;

import static org.assertj.core.api.Assertions.assertThat;

class LogTest {

    @Test
    void theTimeOfDayIsTheLocalOneToTheMillisecond() {
        LocalTime before = LocalTime.now();
        String text = Log.localTime();
        LocalTime after = LocalTime.now();

        assertThat(text).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d");
        LocalTime logged = LocalTime.parse(text);
        // Around midnight the three readings may straddle it; compare on the clock face.
        long fromBefore = Math.floorMod(Duration.between(before, logged).toMillis(), 86_400_000L);
        long toAfter = Math.floorMod(Duration.between(logged, after).toMillis(), 86_400_000L);
        assertThat(fromBefore).isLessThan(1_000);
        assertThat(toAfter).isLessThan(1_000);
    }

    @Test
    void theTimeFollowsTheDefaultTimeZone() {
        TimeZone original = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("GMT+05:30"));
            String shifted = Log.localTime();
            TimeZone.setDefault(TimeZone.getTimeZone("GMT"));
            String utc = Log.localTime();
            long difference = Math.floorMod(Duration.between(LocalTime.parse(utc), LocalTime.parse(shifted))
                    .toMinutes(), 24 * 60);
            assertThat(difference).isBetween(329L, 331L);
        } finally {
            TimeZone.setDefault(original);
        }
    }
}

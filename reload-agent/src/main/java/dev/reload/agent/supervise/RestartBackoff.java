package dev.reload.agent.supervise;

import java.time.Duration;

/**
 * How long to wait before starting a generation again after one died by itself: at once the first time, then 1 s
 * doubling up to 60 s while generations keep dying within a minute of starting; a generation that ran for a minute
 * starts the count again.
 */
final class RestartBackoff {

    static final Duration STEADY = Duration.ofMinutes(1);
    private static final Duration FIRST = Duration.ofSeconds(1);
    private static final Duration LONGEST = Duration.ofSeconds(60);

    private int quickDeaths;

    /**
     * Records a death.
     *
     * @param lifetime how long the generation that died had run
     * @return how long to wait before the next start
     */
    Duration afterDeath(Duration lifetime) {
        quickDeaths = lifetime.compareTo(STEADY) >= 0 ? 1 : quickDeaths + 1;
        if (quickDeaths == 1) {
            return Duration.ZERO;
        }
        int doublings = Math.min(quickDeaths - 2, 6);
        Duration delay = FIRST.multipliedBy(1L << doublings);
        return delay.compareTo(LONGEST) > 0 ? LONGEST : delay;
    }
}

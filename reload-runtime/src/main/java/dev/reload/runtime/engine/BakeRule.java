package dev.reload.runtime.engine;

import java.time.Duration;
import java.util.Locale;

/**
 * Whether a version fails its bake: more than {@code failureRate} percent of its calls, and at least
 * {@code minFailures} of them, ended in an unchecked exception from its implementation. Arithmetic only, so that the
 * rule is tested without a version, a thread or a clock.
 *
 * <p>The minimum keeps a version from being judged on a handful of calls: two failures out of the first three calls
 * are 67%, and say nothing yet.
 *
 * @param time        how long after its swap a version is watched
 * @param failureRate the percentage of calls that may fail, at least 0 and under 100
 * @param minFailures the fewest failures that can fail a version, at least 1
 */
record BakeRule(Duration time, double failureRate, long minFailures) {

    enum Verdict {
        /** Neither failed nor done: keep counting. */
        BAKING,
        /** Failed: roll it back. */
        FAILED,
        /** The bake time is over and it did not fail. */
        PASSED
    }

    /**
     * @param elapsed  how long ago the version's swap was
     * @param calls    the calls that entered the version
     * @param failures those of them that ended in an unchecked exception
     * @return the verdict. Failures are judged first: the counts were taken while the version was watched, and a
     *         check that ran a little after the bake time must not let a crossed threshold pass
     */
    Verdict judge(Duration elapsed, long calls, long failures) {
        if (failed(calls, failures)) {
            return Verdict.FAILED;
        }
        return elapsed.compareTo(time) >= 0 ? Verdict.PASSED : Verdict.BAKING;
    }

    /** @return whether {@code failures} out of {@code calls} cross both the share and the minimum */
    boolean failed(long calls, long failures) {
        // failures / calls > failureRate / 100, without dividing by a count that may be zero.
        return failures >= minFailures && failures * 100.0 > failureRate * calls;
    }

    /** @return the counts and the limits in words, for the warning and the status */
    String describe(long calls, long failures) {
        double percent = calls == 0 ? 0 : failures * 100.0 / calls;
        return "failed " + failures + " of " + calls + " calls (" + String.format(Locale.ROOT, "%.1f", percent)
                + "%) with an unchecked exception, over bakeFailureRate=" + rate() + " and bakeMinFailures="
                + minFailures;
    }

    private String rate() {
        return java.math.BigDecimal.valueOf(failureRate).stripTrailingZeros().toPlainString() + "%";
    }
}

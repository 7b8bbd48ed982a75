package dev.reload.runtime.fleet;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A version's roll-out, from its {@code rollout} descriptor: {@code start=2026-12-01T10:00:00Z} and
 * {@code steps=5%@0m,25%@30m,100%@2h}. From each step's time after the start on, the share is that step's percentage,
 * until the next step; before the start, and before the first step, it is 0%. The times are the descriptor's own, so
 * every node computes the same share at the same moment, however late it saw the version.
 *
 * <p>A descriptor may also list {@code withdrawn=1.1.0,1.1.1}: versions taken back on every node, for repositories
 * that never delete.
 */
record RolloutSchedule(Instant start, List<Step> steps, Set<String> withdrawn) {

    /** The schedule of a version published without a descriptor: every node at once. */
    static final RolloutSchedule IMMEDIATE = new RolloutSchedule(null, List.of(new Step(100, Duration.ZERO)), Set.of());

    private static final Pattern STEP = Pattern.compile("(\\d+(?:\\.\\d+)?)%@(\\d+)(ms|s|m|h|d)");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    /**
     * @param percent the share of nodes from this step on
     * @param after   how long after the start this step begins
     */
    record Step(double percent, Duration after) {
    }

    RolloutSchedule {
        steps = List.copyOf(steps);
        withdrawn = Set.copyOf(withdrawn);
    }

    /**
     * @param descriptor the descriptor's properties
     * @return the schedule it describes; without {@code steps}, every node at once
     * @throws IllegalArgumentException naming what is malformed: a step that is not {@code PERCENT%@DURATION}, steps
     *                                  out of order or shrinking, a percentage over 100, steps without a start
     */
    static RolloutSchedule parse(Properties descriptor) {
        Set<String> withdrawn = new LinkedHashSet<>();
        for (String version : descriptor.getProperty("withdrawn", "").split(",")) {
            if (!version.isBlank()) {
                withdrawn.add(version.trim());
            }
        }
        String stepsText = descriptor.getProperty("steps", "").trim();
        if (stepsText.isEmpty()) {
            return new RolloutSchedule(null, IMMEDIATE.steps, withdrawn);
        }
        String startText = descriptor.getProperty("start", "").trim();
        if (startText.isEmpty()) {
            throw new IllegalArgumentException("'steps' needs a 'start', such as start=2026-12-01T10:00:00Z");
        }
        Instant start;
        try {
            start = Instant.parse(startText);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("bad start '" + startText + "': write an instant such as "
                    + "2026-12-01T10:00:00Z");
        }
        List<Step> steps = new ArrayList<>();
        for (String text : stepsText.split(",")) {
            Matcher m = STEP.matcher(text.trim().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new IllegalArgumentException("bad step '" + text.trim() + "': write PERCENT%@DURATION, "
                        + "such as 25%@30m");
            }
            Step step = new Step(Double.parseDouble(m.group(1)), duration(m.group(2), m.group(3)));
            if (step.percent > 100) {
                throw new IllegalArgumentException("bad step '" + text.trim() + "': more than 100%");
            }
            if (!steps.isEmpty()) {
                Step previous = steps.get(steps.size() - 1);
                if (step.after.compareTo(previous.after) <= 0 || step.percent < previous.percent) {
                    throw new IllegalArgumentException("bad step '" + text.trim() + "': each step must come later "
                            + "than the one before and take at least its share");
                }
            }
            steps.add(step);
        }
        return new RolloutSchedule(start, steps, withdrawn);
    }

    /** @return the share of nodes that take the version at {@code now}, in percent */
    double percentAt(Instant now) {
        if (start == null) {
            return steps.get(steps.size() - 1).percent;
        }
        Duration elapsed = Duration.between(start, now);
        double percent = 0;
        for (Step step : steps) {
            if (elapsed.compareTo(step.after) >= 0) {
                percent = step.percent;
            }
        }
        return percent;
    }

    /**
     * @param text a duration as the agent's options write it: {@code 500ms}, {@code 45s}, {@code 30m}, {@code 2h}
     * @throws IllegalArgumentException if it is not one
     */
    static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("bad duration '" + text + "': write one such as 500ms, 45s, 30m or 2h");
        }
        return duration(m.group(1), m.group(2));
    }

    private static Duration duration(String amount, String unit) {
        long n = Long.parseLong(amount);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}

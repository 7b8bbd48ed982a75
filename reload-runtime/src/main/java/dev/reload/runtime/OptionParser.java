package dev.reload.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the agent's option string, {@code key=value} pairs separated by commas, into {@link ReloadOptions}. Every
 * message names the option and says what to write instead, because it is all a user sees of a JVM that stopped
 * before {@code main}: {@code option 'drainTimeout' has a bad value '30': write a duration such as 500ms, 30s or 2m}.
 * Which options exist comes from {@link Option}; the range of a value (greater than zero, at least one byte) is
 * checked by the builders of {@link ReloadOptions} with the helpers at the end of this class, so that embedded use
 * gets the same messages.
 */
final class OptionParser {

    /* Bounded digits, so that no amount overflows a long before the unit is applied. */
    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})(ms|s|m|h)");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,15})(b|kb|mb|gb)?");
    private static final Pattern PERCENT = Pattern.compile("(\\d{1,3}(\\.\\d{1,3})?)%");

    private OptionParser() {
    }

    /**
     * @param arguments comma-separated {@code key=value} pairs, or {@code null} or blank for the defaults
     * @return the defaults with every pair applied in turn, so that a later pair for one option wins
     * @throws IllegalArgumentException naming the option and what is wrong with it
     */
    static ReloadOptions parse(String arguments) {
        ReloadOptions options = ReloadOptions.defaults();
        if (arguments == null || arguments.isBlank()) {
            return options;
        }
        for (String pair : arguments.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            // The first '=' splits, so that a value (a password) may hold one.
            int eq = pair.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("option '" + pair.trim() + "' has no value: write "
                        + pair.trim() + "=<value>");
            }
            options = apply(options, pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return options;
    }

    /**
     * The inverse of {@link #parse(String)}, leaving out unset options. A loop rather than {@code forEach}, for the
     * same reason as the switch in {@link Option#apply}: no lambda class to spin when the options are logged.
     *
     * @param options values as written, by option name
     * @return {@code key=value} pairs separated by commas
     */
    static String format(Map<String, String> options) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, String> entry : options.entrySet()) {
            if (!entry.getValue().isEmpty()) {
                text.append(text.length() == 0 ? "" : ",").append(entry.getKey()).append('=').append(entry.getValue());
            }
        }
        return text.toString();
    }

    /**
     * @return a copy of {@code options} with the option named {@code key} set from {@code value}
     * @throws IllegalArgumentException if there is no such option or the value is not valid for it
     */
    static ReloadOptions apply(ReloadOptions options, String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Option option = Option.named(key);
        if (option == null) {
            throw new IllegalArgumentException("unknown option '" + key + "': the options are " + Option.keys());
        }
        return option.apply(options, value);
    }

    /** A whole number and a unit: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}. */
    static Duration duration(String key, String value) {
        Matcher m = DURATION.matcher(value.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("option '" + key + "' has a bad value '" + value
                    + "': write a duration such as 500ms, 30s or 2m");
        }
        long amount = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "ms":
                return Duration.ofMillis(amount);
            case "s":
                return Duration.ofSeconds(amount);
            case "m":
                return Duration.ofMinutes(amount);
            default:
                return Duration.ofHours(amount);
        }
    }

    /** A whole number of bytes with an optional {@code KB}, {@code MB} or {@code GB}, powers of 1024. */
    static long size(String key, String value) {
        Matcher m = SIZE.matcher(value.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("option '" + key + "' has a bad value '" + value
                    + "': write a whole number, optionally with KB, MB or GB");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        int shift = unit.equals("kb") ? 10 : unit.equals("mb") ? 20 : unit.equals("gb") ? 30 : 0;
        if (amount > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("option '" + key + "' is too large: " + value);
        }
        return amount << shift;
    }

    /** A count written like a size ({@code 64KB} entries reads as 65536), that must fit an int. */
    static int count(String key, String value) {
        long count = size(key, value);
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("option '" + key + "' is too large: " + value);
        }
        return (int) count;
    }

    /** A percentage with a percent sign: {@code 5%}, {@code 0.5%}; its range is the builder's to check. */
    static double percent(String key, String value) {
        Matcher m = PERCENT.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException("option '" + key + "' has a bad value '" + value
                    + "': write a percentage such as 5% or 0.5%");
        }
        return Double.parseDouble(m.group(1));
    }

    /** @return {@code percent} as {@link #percent(String, String)} reads it, without trailing zeros */
    static String percent(double percent) {
        return java.math.BigDecimal.valueOf(percent).stripTrailingZeros().toPlainString() + "%";
    }

    /** {@code true} or {@code false} in any case; anything else is a mistake, not {@code false}. */
    static boolean bool(String key, String value) {
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new IllegalArgumentException("option '" + key + "' has a bad value '" + value + "': write true or false");
    }

    /**
     * A path, refusing an empty one, which would otherwise mean the working directory.
     *
     * @param hint what to write instead of nothing, such as {@code give a PKCS12 file}
     */
    static Path path(String key, String value, String hint) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("option '" + key + "' is empty: " + hint);
        }
        return Path.of(value);
    }

    /** @return {@code value}, which option {@code key} needs greater than zero */
    static Duration positive(String key, Duration value) {
        Objects.requireNonNull(value, key);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("option '" + key + "' must be greater than zero");
        }
        return value;
    }

    /** @return {@code value}, which option {@code key} needs zero or more */
    static Duration notNegative(String key, Duration value) {
        Objects.requireNonNull(value, key);
        if (value.isNegative()) {
            throw new IllegalArgumentException("option '" + key + "' must not be negative");
        }
        return value;
    }

    /** @return {@code value}, which option {@code key} needs at least 1 */
    static int atLeastOne(String key, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("option '" + key + "' must be at least 1");
        }
        return value;
    }

    /** @return {@code value}, a number of bytes, which option {@code key} needs at least 1 */
    static long atLeastOneByte(String key, long value) {
        if (value < 1) {
            throw new IllegalArgumentException("option '" + key + "' must be at least 1 byte");
        }
        return value;
    }

    /** @return {@code percent}, which option {@code key} needs at least 0 and under 100; NaN is refused too */
    static double underHundredPercent(String key, double percent) {
        if (!(percent >= 0 && percent < 100)) {
            throw new IllegalArgumentException("option '" + key + "' must be at least 0% and under 100%");
        }
        return percent;
    }
}

package dev.reload.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings of a runtime, the same for the agent ({@code -javaagent:reload-agent.jar=key=value,key=value}) and
 * for embedded use. Immutable; every {@code with} method returns a copy.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code plugins}</td><td>{@code ./plugins}</td><td>the directory of plugin jars; created if
 *   missing</td></tr>
 *   <tr><td>{@code drainTimeout}</td><td>{@code 30s}</td><td>how long a retired version waits for its calls
 *   before a warning names the threads still inside; it is closed only after they return</td></tr>
 *   <tr><td>{@code settleTime}</td><td>{@code 100ms}</td><td>how long a new or changed jar must stay unchanged
 *   before it is loaded</td></tr>
 * </table>
 *
 * <p>Durations are written as a whole number and a unit: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}.
 */
public final class ReloadOptions {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})(ms|s|m|h)");
    private static final String KNOWN = "plugins, drainTimeout, settleTime";

    private final Path plugins;
    private final Duration drainTimeout;
    private final Duration settleTime;
    private final ClassLoader hostClassLoader;

    private ReloadOptions(Path plugins, Duration drainTimeout, Duration settleTime, ClassLoader hostClassLoader) {
        this.plugins = plugins;
        this.drainTimeout = drainTimeout;
        this.settleTime = settleTime;
        this.hostClassLoader = hostClassLoader;
    }

    /** @return the defaults: {@code ./plugins}, a 30 s drain timeout, a 100 ms settle time */
    public static ReloadOptions defaults() {
        return new ReloadOptions(Path.of("plugins"), Duration.ofSeconds(30), Duration.ofMillis(100), null);
    }

    /**
     * Parses the agent's argument string.
     *
     * @param arguments comma-separated {@code key=value} pairs, or {@code null} or blank for the defaults
     * @return the options
     * @throws IllegalArgumentException naming the key and what is wrong with it
     */
    public static ReloadOptions parse(String arguments) {
        ReloadOptions options = defaults();
        if (arguments == null || arguments.isBlank()) {
            return options;
        }
        for (String pair : arguments.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("option '" + pair.trim() + "' has no value: write "
                        + pair.trim() + "=<value>");
            }
            options = options.with(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return options;
    }

    /**
     * Sets an option by its name, with the same validation as {@link #parse(String)}.
     *
     * @param key   an option name
     * @param value its value as written on the agent's command line
     * @return a copy with the option set
     * @throws IllegalArgumentException if the key is unknown or the value is not valid for it
     */
    public ReloadOptions with(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        switch (key) {
            case "plugins":
                if (value.isEmpty()) {
                    throw new IllegalArgumentException("option 'plugins' is empty: give the plugins directory");
                }
                return withPlugins(Path.of(value));
            case "drainTimeout":
                return withDrainTimeout(duration(key, value));
            case "settleTime":
                return withSettleTime(duration(key, value));
            default:
                throw new IllegalArgumentException("unknown option '" + key + "': the options are " + KNOWN);
        }
    }

    public ReloadOptions withPlugins(Path plugins) {
        return new ReloadOptions(Objects.requireNonNull(plugins, "plugins"), drainTimeout, settleTime,
                hostClassLoader);
    }

    public ReloadOptions withDrainTimeout(Duration drainTimeout) {
        return new ReloadOptions(plugins, positive("drainTimeout", drainTimeout), settleTime, hostClassLoader);
    }

    public ReloadOptions withSettleTime(Duration settleTime) {
        Objects.requireNonNull(settleTime, "settleTime");
        if (settleTime.isNegative()) {
            throw new IllegalArgumentException("option 'settleTime' must not be negative");
        }
        return new ReloadOptions(plugins, drainTimeout, settleTime, hostClassLoader);
    }

    /**
     * @param hostClassLoader where plugins take the service interfaces, the API and SLF4J from; by default the
     *                        context class loader of the thread that starts the runtime
     * @return a copy with the class loader set
     */
    public ReloadOptions withHostClassLoader(ClassLoader hostClassLoader) {
        return new ReloadOptions(plugins, drainTimeout, settleTime,
                Objects.requireNonNull(hostClassLoader, "hostClassLoader"));
    }

    public Path plugins() {
        return plugins;
    }

    public Duration drainTimeout() {
        return drainTimeout;
    }

    public Duration settleTime() {
        return settleTime;
    }

    /** @return the host class loader, or {@code null} for the starting thread's context class loader */
    public ClassLoader hostClassLoader() {
        return hostClassLoader;
    }

    private static Duration duration(String key, String value) {
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

    private static Duration positive(String key, Duration value) {
        Objects.requireNonNull(value, key);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("option '" + key + "' must be greater than zero");
        }
        return value;
    }

    @Override
    public String toString() {
        return "plugins=" + plugins + ",drainTimeout=" + drainTimeout.toMillis() + "ms,settleTime="
                + settleTime.toMillis() + "ms";
    }
}

package dev.reload.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
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
 *   <tr><td>{@code settleTime}</td><td>{@code 50ms}</td><td>how long a new or changed jar must stay unchanged
 *   before it is loaded</td></tr>
 *   <tr><td>{@code instantiateTimeout}</td><td>{@code 10s}</td><td>the limit on loading and instantiating one
 *   version; a version that takes longer is refused</td></tr>
 *   <tr><td>{@code maxJarEntries}</td><td>{@code 65536}</td><td>the most entries a plugin jar may have</td></tr>
 *   <tr><td>{@code maxJarSize}</td><td>{@code 512MB}</td><td>the most a plugin jar's entries may expand to,
 *   all together</td></tr>
 *   <tr><td>{@code watch}</td><td>{@code true}</td><td>scan on file events</td></tr>
 *   <tr><td>{@code poll}</td><td>none</td><td>rescan periodically as well</td></tr>
 *   <tr><td>{@code sighup}</td><td>{@code true}</td><td>rescan on SIGHUP</td></tr>
 *   <tr><td>{@code shutdownTimeout}</td><td>{@code 30s}</td><td>how long JVM shutdown waits for calls in
 *   flight before it closes every version</td></tr>
 *   <tr><td>{@code verifyLinkage}</td><td>{@code true}</td><td>check a new version's bytecode against the
 *   application, the API and the JDK before it goes live</td></tr>
 *   <tr><td>{@code strictPermissions}</td><td>{@code true}</td><td>refuse a plugins directory or jar that other
 *   users can write to</td></tr>
 *   <tr><td>{@code trustStore}</td><td>none</td><td>a PKCS12 file; when set, only jars signed by one of its
 *   certificates load</td></tr>
 *   <tr><td>{@code leakCheckAfter}</td><td>{@code 60s}</td><td>how long a retired version's class loader may
 *   stay reachable before it counts as leaked and what holds it is logged</td></tr>
 *   <tr><td>{@code leakCheckGc}</td><td>{@code false}</td><td>whether the leak check may call
 *   {@code System.gc()} before deciding</td></tr>
 *   <tr><td>{@code trustStorePassword}</td><td>{@value #TRUST_STORE_PASSWORD_ENV}</td><td>the trust store's
 *   password; by default read from that environment variable</td></tr>
 * </table>
 *
 * <p>Durations are written as a whole number and a unit: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}. Sizes
 * as a whole number and an optional unit: {@code 1048576}, {@code 64KB}, {@code 512MB}, {@code 2GB} (powers of
 * 1024).
 */
public final class ReloadOptions {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})(ms|s|m|h)");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,15})(b|kb|mb|gb)?");
    private static final String KNOWN = "plugins, drainTimeout, settleTime, instantiateTimeout, maxJarEntries, "
            + "maxJarSize, verifyLinkage, strictPermissions, trustStore, trustStorePassword, leakCheckAfter, "
            + "leakCheckGc, watch, poll, sighup, shutdownTimeout";
    /** Where the trust store's password is read from when the option does not give it. */
    public static final String TRUST_STORE_PASSWORD_ENV = "RELOAD_TRUSTSTORE_PASSWORD";

    private Path plugins = Path.of("plugins");
    private Duration drainTimeout = Duration.ofSeconds(30);
    private Duration settleTime = Duration.ofMillis(50);
    private Duration instantiateTimeout = Duration.ofSeconds(10);
    private int maxJarEntries = 65_536;
    private long maxJarSize = 512L * 1024 * 1024;
    private boolean verifyLinkage = true;
    private boolean watch = true;
    private Duration poll;
    private boolean sighup = true;
    private Duration shutdownTimeout = Duration.ofSeconds(30);
    private boolean strictPermissions = true;
    private Duration leakCheckAfter = Duration.ofSeconds(60);
    private boolean leakCheckGc;
    private Path trustStore;
    private String trustStorePassword;
    private ClassLoader hostClassLoader;

    private ReloadOptions() {
    }

    /** @return the defaults, as in the table above */
    public static ReloadOptions defaults() {
        return new ReloadOptions();
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
            case "instantiateTimeout":
                return withInstantiateTimeout(duration(key, value));
            case "maxJarEntries":
                long entries = size(key, value);
                if (entries > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("option 'maxJarEntries' is too large: " + value);
                }
                return withMaxJarEntries((int) entries);
            case "maxJarSize":
                return withMaxJarSize(size(key, value));
            case "watch":
                return withWatch(bool(key, value));
            case "poll":
                return withPoll(duration(key, value));
            case "sighup":
                return withSighup(bool(key, value));
            case "shutdownTimeout":
                return withShutdownTimeout(duration(key, value));
            case "verifyLinkage":
                return withVerifyLinkage(bool(key, value));
            case "strictPermissions":
                return withStrictPermissions(bool(key, value));
            case "trustStore":
                if (value.isEmpty()) {
                    throw new IllegalArgumentException("option 'trustStore' is empty: give a PKCS12 file");
                }
                return withTrustStore(Path.of(value));
            case "trustStorePassword":
                return withTrustStorePassword(value);
            case "leakCheckAfter":
                return withLeakCheckAfter(duration(key, value));
            case "leakCheckGc":
                return withLeakCheckGc(bool(key, value));
            default:
                throw new IllegalArgumentException("unknown option '" + key + "': the options are " + KNOWN);
        }
    }

    /**
     * @param plugins the directory of plugin jars, relative to the working directory unless absolute; created if
     *                missing
     * @return a copy with the setting
     * @throws NullPointerException if {@code plugins} is {@code null}
     */
    public ReloadOptions withPlugins(Path plugins) {
        ReloadOptions copy = copy();
        copy.plugins = Objects.requireNonNull(plugins, "plugins");
        return copy;
    }

    /**
     * @param drainTimeout how long a retired version waits for its running calls before a warning names the threads
     *                     still inside; the version is closed only after they return
     * @return a copy with the setting
     * @throws IllegalArgumentException if {@code drainTimeout} is not positive
     */
    public ReloadOptions withDrainTimeout(Duration drainTimeout) {
        ReloadOptions copy = copy();
        copy.drainTimeout = positive("drainTimeout", drainTimeout);
        return copy;
    }

    /**
     * @param settleTime how long a new or changed jar must stay unchanged before it is loaded; zero loads at once
     * @return a copy with the setting
     * @throws IllegalArgumentException if {@code settleTime} is negative
     */
    public ReloadOptions withSettleTime(Duration settleTime) {
        Objects.requireNonNull(settleTime, "settleTime");
        if (settleTime.isNegative()) {
            throw new IllegalArgumentException("option 'settleTime' must not be negative");
        }
        ReloadOptions copy = copy();
        copy.settleTime = settleTime;
        return copy;
    }

    /**
     * @param instantiateTimeout the limit on loading and instantiating one version; a version that takes longer is
     *                           refused
     * @return a copy with the setting
     * @throws IllegalArgumentException if {@code instantiateTimeout} is not positive
     */
    public ReloadOptions withInstantiateTimeout(Duration instantiateTimeout) {
        ReloadOptions copy = copy();
        copy.instantiateTimeout = positive("instantiateTimeout", instantiateTimeout);
        return copy;
    }

    /**
     * @param maxJarEntries the most entries a plugin jar may have
     * @return a copy with the setting
     * @throws IllegalArgumentException if {@code maxJarEntries} is less than 1
     */
    public ReloadOptions withMaxJarEntries(int maxJarEntries) {
        if (maxJarEntries < 1) {
            throw new IllegalArgumentException("option 'maxJarEntries' must be at least 1");
        }
        ReloadOptions copy = copy();
        copy.maxJarEntries = maxJarEntries;
        return copy;
    }

    /**
     * @param maxJarSize the most bytes a plugin jar's entries may expand to, all together
     * @return a copy with the setting
     * @throws IllegalArgumentException if {@code maxJarSize} is less than 1
     */
    public ReloadOptions withMaxJarSize(long maxJarSize) {
        if (maxJarSize < 1) {
            throw new IllegalArgumentException("option 'maxJarSize' must be at least 1 byte");
        }
        ReloadOptions copy = copy();
        copy.maxJarSize = maxJarSize;
        return copy;
    }

    /**
     * @param watch whether file events trigger a scan; without them only SIGHUP, {@code poll} and
     *              {@link ReloadRuntime#rescan()} pick up changes
     * @return a copy with the setting
     */
    public ReloadOptions withWatch(boolean watch) {
        ReloadOptions copy = copy();
        copy.watch = watch;
        return copy;
    }

    /**
     * @param poll how often to rescan the directory besides file events, for file systems whose events never arrive
     * @return a copy with the setting
     */
    public ReloadOptions withPoll(Duration poll) {
        ReloadOptions copy = copy();
        copy.poll = positive("poll", poll);
        return copy;
    }

    /**
     * @param sighup whether SIGHUP rescans the directory; a handler the application installed keeps working either way
     * @return a copy with the setting
     */
    public ReloadOptions withSighup(boolean sighup) {
        ReloadOptions copy = copy();
        copy.sighup = sighup;
        return copy;
    }

    /**
     * @param shutdownTimeout how long JVM shutdown waits for calls in flight before it closes the versions anyway
     * @return a copy with the setting
     */
    public ReloadOptions withShutdownTimeout(Duration shutdownTimeout) {
        ReloadOptions copy = copy();
        copy.shutdownTimeout = positive("shutdownTimeout", shutdownTimeout);
        return copy;
    }

    /**
     * @param verifyLinkage whether to read a new version's bytecode before it goes live and refuse it when a method,
     *                      field or class it uses from the application, the API or the JDK is missing, or when an
     *                      implementation lacks a method of its interface
     * @return a copy with the setting
     */
    public ReloadOptions withVerifyLinkage(boolean verifyLinkage) {
        ReloadOptions copy = copy();
        copy.verifyLinkage = verifyLinkage;
        copy.watch = watch;
        copy.poll = poll;
        copy.sighup = sighup;
        copy.shutdownTimeout = shutdownTimeout;
        return copy;
    }

    /**
     * @param strictPermissions whether to refuse a plugins directory or jar that users other than the JVM's own (or
     *                          root) can write to
     * @return a copy with the setting
     */
    public ReloadOptions withStrictPermissions(boolean strictPermissions) {
        ReloadOptions copy = copy();
        copy.strictPermissions = strictPermissions;
        return copy;
    }

    /**
     * @param trustStore a PKCS12 file; when set, only jars whose every entry is signed by one of its certificates load
     * @return a copy with the setting
     */
    public ReloadOptions withTrustStore(Path trustStore) {
        ReloadOptions copy = copy();
        copy.trustStore = Objects.requireNonNull(trustStore, "trustStore");
        return copy;
    }

    /**
     * @param trustStorePassword the trust store's password; when not set, the environment variable
     *                           {@value #TRUST_STORE_PASSWORD_ENV}, else none
     * @return a copy with the setting
     */
    public ReloadOptions withTrustStorePassword(String trustStorePassword) {
        ReloadOptions copy = copy();
        copy.trustStorePassword = Objects.requireNonNull(trustStorePassword, "trustStorePassword");
        return copy;
    }

    /**
     * @param leakCheckAfter how long after its retirement a version's class loader may stay reachable before it
     *                       counts as leaked and what holds it is reported
     * @return a copy with the setting
     */
    public ReloadOptions withLeakCheckAfter(Duration leakCheckAfter) {
        ReloadOptions copy = copy();
        copy.leakCheckAfter = positive("leakCheckAfter", leakCheckAfter);
        return copy;
    }

    /**
     * @param leakCheckGc whether the leak check may call {@code System.gc()} before it decides; off by default, so
     *                    that production JVMs only collect when they choose to
     * @return a copy with the setting
     */
    public ReloadOptions withLeakCheckGc(boolean leakCheckGc) {
        ReloadOptions copy = copy();
        copy.leakCheckGc = leakCheckGc;
        return copy;
    }

    /**
     * @param hostClassLoader where plugins take the service interfaces, the API and SLF4J from; by default the
     *                        context class loader of the thread that starts the runtime
     * @return a copy with the class loader set
     */
    public ReloadOptions withHostClassLoader(ClassLoader hostClassLoader) {
        ReloadOptions copy = copy();
        copy.hostClassLoader = Objects.requireNonNull(hostClassLoader, "hostClassLoader");
        return copy;
    }

    /** @return the directory of plugin jars, as given */
    public Path plugins() {
        return plugins;
    }

    /** @return how long a retired version waits for its calls before a warning names the threads inside */
    public Duration drainTimeout() {
        return drainTimeout;
    }

    /** @return how long a new or changed jar must stay unchanged before it is loaded */
    public Duration settleTime() {
        return settleTime;
    }

    /** @return the limit on loading and instantiating one version */
    public Duration instantiateTimeout() {
        return instantiateTimeout;
    }

    /** @return the most entries a plugin jar may have */
    public int maxJarEntries() {
        return maxJarEntries;
    }

    /** @return the most bytes a plugin jar's entries may expand to, all together */
    public long maxJarSize() {
        return maxJarSize;
    }

    /** @return whether file events trigger a scan */
    public boolean watch() {
        return watch;
    }

    /** @return the period of rescans besides file events, or {@code null} for none */
    public Duration poll() {
        return poll;
    }

    /** @return whether SIGHUP rescans the plugins directory */
    public boolean sighup() {
        return sighup;
    }

    /** @return how long JVM shutdown waits for calls in flight before it closes the versions */
    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    /** @return whether a new version's bytecode is checked against the application before it goes live */
    public boolean verifyLinkage() {
        return verifyLinkage;
    }

    /** @return whether a plugins directory or jar that other users can write to is refused */
    public boolean strictPermissions() {
        return strictPermissions;
    }

    /** @return how long a retired version's class loader may stay reachable before it counts as leaked */
    public Duration leakCheckAfter() {
        return leakCheckAfter;
    }

    /** @return whether the leak check may call {@code System.gc()} before it decides */
    public boolean leakCheckGc() {
        return leakCheckGc;
    }

    /** @return the trust store, or {@code null} when jars need no signature */
    public Path trustStore() {
        return trustStore;
    }

    /** @return the trust store's password: the option, else the environment variable, else empty */
    public char[] trustStorePassword() {
        String password = trustStorePassword != null ? trustStorePassword : System.getenv(TRUST_STORE_PASSWORD_ENV);
        return password == null ? new char[0] : password.toCharArray();
    }

    /** @return the host class loader, or {@code null} for the starting thread's context class loader */
    public ClassLoader hostClassLoader() {
        return hostClassLoader;
    }

    private ReloadOptions copy() {
        ReloadOptions copy = new ReloadOptions();
        copy.plugins = plugins;
        copy.drainTimeout = drainTimeout;
        copy.settleTime = settleTime;
        copy.instantiateTimeout = instantiateTimeout;
        copy.maxJarEntries = maxJarEntries;
        copy.maxJarSize = maxJarSize;
        copy.verifyLinkage = verifyLinkage;
        copy.watch = watch;
        copy.poll = poll;
        copy.sighup = sighup;
        copy.shutdownTimeout = shutdownTimeout;
        copy.strictPermissions = strictPermissions;
        copy.leakCheckAfter = leakCheckAfter;
        copy.leakCheckGc = leakCheckGc;
        copy.trustStore = trustStore;
        copy.trustStorePassword = trustStorePassword;
        copy.hostClassLoader = hostClassLoader;
        return copy;
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

    private static long size(String key, String value) {
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

    private static boolean bool(String key, String value) {
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new IllegalArgumentException("option '" + key + "' has a bad value '" + value + "': write true or false");
    }

    private static Duration positive(String key, Duration value) {
        Objects.requireNonNull(value, key);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("option '" + key + "' must be greater than zero");
        }
        return value;
    }

    /**
     * @return every option by its agent option name, in the order the README lists them, values as they would be
     *         written; the trust store password is never included
     */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("plugins", String.valueOf(plugins));
        map.put("drainTimeout", drainTimeout.toMillis() + "ms");
        map.put("settleTime", settleTime.toMillis() + "ms");
        map.put("instantiateTimeout", instantiateTimeout.toMillis() + "ms");
        map.put("maxJarEntries", String.valueOf(maxJarEntries));
        map.put("maxJarSize", String.valueOf(maxJarSize));
        map.put("watch", String.valueOf(watch));
        map.put("poll", poll == null ? "" : poll.toMillis() + "ms");
        map.put("sighup", String.valueOf(sighup));
        map.put("shutdownTimeout", shutdownTimeout.toMillis() + "ms");
        map.put("verifyLinkage", String.valueOf(verifyLinkage));
        map.put("strictPermissions", String.valueOf(strictPermissions));
        map.put("leakCheckAfter", leakCheckAfter.toMillis() + "ms");
        map.put("leakCheckGc", String.valueOf(leakCheckGc));
        map.put("trustStore", trustStore == null ? "" : trustStore.toString());
        return map;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        asMap().forEach((key, value) -> {
            if (!value.isEmpty()) {
                text.append(text.length() == 0 ? "" : ",").append(key).append('=').append(value);
            }
        });
        return text.toString();
    }
}

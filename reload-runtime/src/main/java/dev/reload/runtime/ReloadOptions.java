package dev.reload.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The settings of a runtime, the same for the agent ({@code -javaagent:reload-agent.jar=key=value,key=value}) and
 * for embedded use. Immutable; every {@code with} method returns a copy.
 *
 * <p>The options, their defaults and how they are written are listed once, in the README's options table; the
 * package-private {@code Option} table carries the same rows into the code, and a test keeps the two alike.
 */
public final class ReloadOptions {

    /** Where the trust store's password is read from when the option does not give it. */
    public static final String TRUST_STORE_PASSWORD_ENV = "RELOAD_TRUSTSTORE_PASSWORD";

    private Path plugins = Path.of("plugins");
    private Duration drainTimeout = Duration.ofSeconds(30);
    private Duration settleTime = Duration.ofMillis(50);
    private Duration incompleteJarGrace = Duration.ofSeconds(2);
    private Duration instantiateTimeout = Duration.ofSeconds(10);
    private int maxJarEntries = 65_536;
    private long maxJarSize = 512L * 1024 * 1024;
    private boolean verifyLinkage = true;
    private boolean strictPermissions = true;
    private Path trustStore;
    private String trustStorePassword;
    private Duration leakCheckAfter = Duration.ofSeconds(60);
    private boolean leakCheckGc;
    private boolean watch = true;
    private Duration poll;
    private boolean sighup = true;
    private Duration shutdownTimeout = Duration.ofSeconds(30);
    private Duration bake;
    private double bakeFailureRate = 5;
    private int bakeMinFailures = 20;
    private boolean devMode;
    private Duration devQuietPeriod = Duration.ofMillis(100);
    private ClassLoader hostClassLoader;
    private Path fleet;

    private ReloadOptions() {
    }

    /** @return the defaults, as the README's options table gives them */
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
        return OptionParser.parse(arguments);
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
        return OptionParser.apply(this, key, value);
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
        copy.drainTimeout = OptionParser.positive("drainTimeout", drainTimeout);
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
     * @param incompleteJarGrace how long a jar that is not yet a valid zip may stay unchanged before it is refused
     * @return a copy with the setting
     * @throws IllegalArgumentException if {@code incompleteJarGrace} is negative
     */
    public ReloadOptions withIncompleteJarGrace(Duration incompleteJarGrace) {
        Objects.requireNonNull(incompleteJarGrace, "incompleteJarGrace");
        if (incompleteJarGrace.isNegative()) {
            throw new IllegalArgumentException("option 'incompleteJarGrace' must not be negative");
        }
        ReloadOptions copy = copy();
        copy.incompleteJarGrace = incompleteJarGrace;
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
        copy.instantiateTimeout = OptionParser.positive("instantiateTimeout", instantiateTimeout);
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
        copy.poll = OptionParser.positive("poll", poll);
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
        copy.shutdownTimeout = OptionParser.positive("shutdownTimeout", shutdownTimeout);
        return copy;
    }

    /**
     * @param bake how long after a swap to a higher version the new version's calls are watched (Automatic roll-back)
     * @return a copy with the setting
     */
    public ReloadOptions withBake(Duration bake) {
        ReloadOptions copy = copy();
        copy.bake = OptionParser.positive("bake", bake);
        return copy;
    }

    /**
     * @param devMode whether a directory of class files in the plugins directory, or a symbolic link to one, loads
     *                as an exploded plugin that takes precedence over the jars of its id; for development only
     * @return a copy with the setting
     */
    public ReloadOptions withDevMode(boolean devMode) {
        ReloadOptions copy = copy();
        copy.devMode = devMode;
        return copy;
    }

    /**
     * @param percent the percentage of a baking version's calls, at least 0 and under 100, that may fail
     * @return a copy with the setting
     */
    public ReloadOptions withBakeFailureRate(double percent) {
        if (!(percent >= 0 && percent < 100)) {
            throw new IllegalArgumentException("option 'bakeFailureRate' must be at least 0% and under 100%");
        }
        ReloadOptions copy = copy();
        copy.bakeFailureRate = percent;
        return copy;
    }

    /**
     * @param failures the fewest failed calls, at least one, that roll a baking version back
     * @return a copy with the setting
     */
    public ReloadOptions withBakeMinFailures(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("option 'bakeMinFailures' must be at least 1");
        }
        ReloadOptions copy = copy();
        copy.bakeMinFailures = failures;
        return copy;
    }

    /**
     * @param devQuietPeriod how long an exploded plugin's files must stay unchanged before a new generation loads
     * @return a copy with the setting
     * @throws IllegalArgumentException if {@code devQuietPeriod} is negative
     */
    public ReloadOptions withDevQuietPeriod(Duration devQuietPeriod) {
        Objects.requireNonNull(devQuietPeriod, "devQuietPeriod");
        if (devQuietPeriod.isNegative()) {
            throw new IllegalArgumentException("option 'devQuietPeriod' must not be negative");
        }
        ReloadOptions copy = copy();
        copy.devQuietPeriod = devQuietPeriod;
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
        copy.leakCheckAfter = OptionParser.positive("leakCheckAfter", leakCheckAfter);
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
     * @param hostClassLoader where plugins take the service interfaces, the API and SLF4J from, for good; by default
     *                        the runtime follows the application: the context class loader of the thread that starts
     *                        it, then the loader of the interfaces the application asks for
     * @return a copy with the class loader set
     */
    public ReloadOptions withHostClassLoader(ClassLoader hostClassLoader) {
        ReloadOptions copy = copy();
        copy.hostClassLoader = Objects.requireNonNull(hostClassLoader, "hostClassLoader");
        return copy;
    }

    /**
     * @param fleet a fleet file, naming the Maven repository to follow and what in it
     * @return a copy with the setting
     */
    public ReloadOptions withFleet(Path fleet) {
        ReloadOptions copy = copy();
        copy.fleet = Objects.requireNonNull(fleet, "fleet");
        return copy;
    }

    /** @return the fleet file, or {@code null} when no repository is followed */
    public Path fleet() {
        return fleet;
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

    /** @return how long a jar that is not yet a valid zip may stay unchanged before it is refused */
    public Duration incompleteJarGrace() {
        return incompleteJarGrace;
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

    /** @return how long a new version's calls are watched after its swap, or {@code null} when they are not */
    public Duration bake() {
        return bake;
    }

    /** @return the percentage of a baking version's calls that may fail before it is rolled back */
    public double bakeFailureRate() {
        return bakeFailureRate;
    }

    /** @return the fewest failed calls that roll a baking version back */
    public int bakeMinFailures() {
        return bakeMinFailures;
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

    /** @return whether directories of class files in the plugins directory load as exploded plugins */
    public boolean devMode() {
        return devMode;
    }

    /** @return how long an exploded plugin's files must stay unchanged before a new generation loads */
    public Duration devQuietPeriod() {
        return devQuietPeriod;
    }

    /** @return the host class loader, or {@code null} to follow the application's */
    public ClassLoader hostClassLoader() {
        return hostClassLoader;
    }

    private ReloadOptions copy() {
        ReloadOptions copy = new ReloadOptions();
        copy.plugins = plugins;
        copy.drainTimeout = drainTimeout;
        copy.settleTime = settleTime;
        copy.incompleteJarGrace = incompleteJarGrace;
        copy.instantiateTimeout = instantiateTimeout;
        copy.maxJarEntries = maxJarEntries;
        copy.maxJarSize = maxJarSize;
        copy.verifyLinkage = verifyLinkage;
        copy.watch = watch;
        copy.poll = poll;
        copy.sighup = sighup;
        copy.shutdownTimeout = shutdownTimeout;
        copy.bake = bake;
        copy.bakeFailureRate = bakeFailureRate;
        copy.bakeMinFailures = bakeMinFailures;
        copy.devMode = devMode;
        copy.devQuietPeriod = devQuietPeriod;
        copy.strictPermissions = strictPermissions;
        copy.leakCheckAfter = leakCheckAfter;
        copy.leakCheckGc = leakCheckGc;
        copy.trustStore = trustStore;
        copy.trustStorePassword = trustStorePassword;
        copy.hostClassLoader = hostClassLoader;
        copy.fleet = fleet;
        return copy;
    }

    /**
     * @return every option by its agent option name, in the order the README lists them, values as they would be
     *         written; the trust store password is never included
     */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (Option option : Option.values()) {
            if (option.shown()) {
                map.put(option.key(), option.written(this));
            }
        }
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

package dev.reload.runtime;

import static dev.reload.runtime.OptionParser.atLeastOne;
import static dev.reload.runtime.OptionParser.atLeastOneByte;
import static dev.reload.runtime.OptionParser.notNegative;
import static dev.reload.runtime.OptionParser.positive;
import static dev.reload.runtime.OptionParser.underHundredPercent;
import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings of a runtime, the same for the agent ({@code -javaagent:reload-agent.jar=key=value,key=value}) and
 * for embedded use. Immutable; every {@code with} method returns a copy. A builder given {@code null} throws
 * {@link NullPointerException}; one given a value outside the range its parameter states throws
 * {@link IllegalArgumentException} naming the option, with the same message as {@link #parse(String)}.
 *
 * <p>The options, their defaults and how they are written are listed once, in the README's options table; the
 * package-private {@code Option} table carries the same rows into the code, and a test keeps the two alike.
 */
public final class ReloadOptions {

    /** Where the trust store's password is read from when the option does not give it. */
    public static final String TRUST_STORE_PASSWORD_ENV = "RELOAD_TRUSTSTORE_PASSWORD";

    private final OptionValues values;

    private ReloadOptions(OptionValues values) {
        this.values = values;
    }

    /** @return the defaults, as the README's options table gives them */
    public static ReloadOptions defaults() {
        return new ReloadOptions(new OptionValues());
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
     * @param plugins the directory of plugin jars, relative to the working directory unless absolute
     * @return a copy with the setting
     */
    public ReloadOptions withPlugins(Path plugins) {
        return new ReloadOptions(values.withPlugins(requireNonNull(plugins, "plugins")));
    }

    /**
     * @param drainTimeout how long, above zero, a retired version waits for its calls before a warning names them
     * @return a copy with the setting
     */
    public ReloadOptions withDrainTimeout(Duration drainTimeout) {
        return new ReloadOptions(values.withDrainTimeout(positive("drainTimeout", drainTimeout)));
    }

    /**
     * @param settleTime how long, zero or more, a new or changed jar must stay unchanged before it loads
     * @return a copy with the setting
     */
    public ReloadOptions withSettleTime(Duration settleTime) {
        return new ReloadOptions(values.withSettleTime(notNegative("settleTime", settleTime)));
    }

    /**
     * @param incompleteJarGrace how long, zero or more, a jar that is not a valid zip yet may stay unchanged
     * @return a copy with the setting
     */
    public ReloadOptions withIncompleteJarGrace(Duration incompleteJarGrace) {
        return new ReloadOptions(values.withIncompleteJarGrace(notNegative("incompleteJarGrace", incompleteJarGrace)));
    }

    /**
     * @param instantiateTimeout the limit, above zero, on loading and instantiating one version
     * @return a copy with the setting
     */
    public ReloadOptions withInstantiateTimeout(Duration instantiateTimeout) {
        return new ReloadOptions(values.withInstantiateTimeout(positive("instantiateTimeout", instantiateTimeout)));
    }

    /**
     * @param maxJarEntries the most entries, at least one, a plugin jar may have
     * @return a copy with the setting
     */
    public ReloadOptions withMaxJarEntries(int maxJarEntries) {
        return new ReloadOptions(values.withMaxJarEntries(atLeastOne("maxJarEntries", maxJarEntries)));
    }

    /**
     * @param maxJarSize the most bytes, at least one, a plugin jar's entries may expand to, all together
     * @return a copy with the setting
     */
    public ReloadOptions withMaxJarSize(long maxJarSize) {
        return new ReloadOptions(values.withMaxJarSize(atLeastOneByte("maxJarSize", maxJarSize)));
    }

    /**
     * @param watch whether file events trigger a scan, besides SIGHUP, {@code poll} and {@link ReloadRuntime#rescan()}
     * @return a copy with the setting
     */
    public ReloadOptions withWatch(boolean watch) {
        return new ReloadOptions(values.withWatch(watch));
    }

    /**
     * @param poll how often, above zero, to rescan the directory besides file events
     * @return a copy with the setting
     */
    public ReloadOptions withPoll(Duration poll) {
        return new ReloadOptions(values.withPoll(positive("poll", poll)));
    }

    /**
     * @param sighup whether SIGHUP rescans the directory; a handler the application installed keeps working either way
     * @return a copy with the setting
     */
    public ReloadOptions withSighup(boolean sighup) {
        return new ReloadOptions(values.withSighup(sighup));
    }

    /**
     * @param shutdownTimeout how long, above zero, JVM shutdown waits for calls in flight
     * @return a copy with the setting
     */
    public ReloadOptions withShutdownTimeout(Duration shutdownTimeout) {
        return new ReloadOptions(values.withShutdownTimeout(positive("shutdownTimeout", shutdownTimeout)));
    }

    /**
     * @param bake how long, above zero, a new version's calls are watched after a swap to it from a lower one
     * @return a copy with the setting
     */
    public ReloadOptions withBake(Duration bake) {
        return new ReloadOptions(values.withBake(positive("bake", bake)));
    }

    /**
     * @param devMode whether a directory of class files in the plugins directory loads as an exploded plugin
     * @return a copy with the setting
     */
    public ReloadOptions withDevMode(boolean devMode) {
        return new ReloadOptions(values.withDevMode(devMode));
    }

    /**
     * @param percent the percentage of a baking version's calls, at least 0 and under 100, that may fail
     * @return a copy with the setting
     */
    public ReloadOptions withBakeFailureRate(double percent) {
        return new ReloadOptions(values.withBakeFailureRate(underHundredPercent("bakeFailureRate", percent)));
    }

    /**
     * @param failures the fewest failed calls, at least one, that roll a baking version back
     * @return a copy with the setting
     */
    public ReloadOptions withBakeMinFailures(int failures) {
        return new ReloadOptions(values.withBakeMinFailures(atLeastOne("bakeMinFailures", failures)));
    }

    /**
     * @param devQuietPeriod how long, zero or more, an exploded plugin's files must stay unchanged before it reloads
     * @return a copy with the setting
     */
    public ReloadOptions withDevQuietPeriod(Duration devQuietPeriod) {
        return new ReloadOptions(values.withDevQuietPeriod(notNegative("devQuietPeriod", devQuietPeriod)));
    }

    /**
     * @param verifyLinkage whether a new version whose bytecode needs what the host lacks is refused before it runs
     * @return a copy with the setting
     */
    public ReloadOptions withVerifyLinkage(boolean verifyLinkage) {
        return new ReloadOptions(values.withVerifyLinkage(verifyLinkage));
    }

    /**
     * @param strictPermissions whether a plugins directory or jar that other users can write to is refused
     * @return a copy with the setting
     */
    public ReloadOptions withStrictPermissions(boolean strictPermissions) {
        return new ReloadOptions(values.withStrictPermissions(strictPermissions));
    }

    /**
     * @param trustStore a PKCS12 file; when set, only jars whose every entry is signed by one of its certificates load
     * @return a copy with the setting
     */
    public ReloadOptions withTrustStore(Path trustStore) {
        return new ReloadOptions(values.withTrustStore(requireNonNull(trustStore, "trustStore")));
    }

    /**
     * @param trustStorePassword the trust store's password, instead of {@value #TRUST_STORE_PASSWORD_ENV}
     * @return a copy with the setting
     */
    public ReloadOptions withTrustStorePassword(String trustStorePassword) {
        String password = requireNonNull(trustStorePassword, "trustStorePassword");
        return new ReloadOptions(values.withTrustStorePassword(password));
    }

    /**
     * @param leakCheckAfter how long, above zero, a retired loader may stay reachable before it counts as leaked
     * @return a copy with the setting
     */
    public ReloadOptions withLeakCheckAfter(Duration leakCheckAfter) {
        return new ReloadOptions(values.withLeakCheckAfter(positive("leakCheckAfter", leakCheckAfter)));
    }

    /**
     * @param leakCheckGc whether the leak check may call {@code System.gc()} before it decides
     * @return a copy with the setting
     */
    public ReloadOptions withLeakCheckGc(boolean leakCheckGc) {
        return new ReloadOptions(values.withLeakCheckGc(leakCheckGc));
    }

    /**
     * @param hostClassLoader where plugins take the service interfaces, the API and SLF4J from, for good
     * @return a copy with the class loader set
     */
    public ReloadOptions withHostClassLoader(ClassLoader hostClassLoader) {
        return new ReloadOptions(values.withHostClassLoader(requireNonNull(hostClassLoader, "hostClassLoader")));
    }

    /**
     * @param fleet a fleet file, naming the Maven repository to follow and what in it
     * @return a copy with the setting
     */
    public ReloadOptions withFleet(Path fleet) {
        return new ReloadOptions(values.withFleet(requireNonNull(fleet, "fleet")));
    }

    /** @return the fleet file, or {@code null} when no repository is followed */
    public Path fleet() {
        return values.fleet;
    }

    /** @return the directory of plugin jars, as given */
    public Path plugins() {
        return values.plugins;
    }

    /** @return how long, above zero, a retired version waits for its calls before a warning names them */
    public Duration drainTimeout() {
        return values.drainTimeout;
    }

    /** @return how long a new or changed jar must stay unchanged before it is loaded */
    public Duration settleTime() {
        return values.settleTime;
    }

    /** @return how long, zero or more, a jar that is not a valid zip yet may stay unchanged */
    public Duration incompleteJarGrace() {
        return values.incompleteJarGrace;
    }

    /** @return the limit on loading and instantiating one version */
    public Duration instantiateTimeout() {
        return values.instantiateTimeout;
    }

    /** @return the most entries a plugin jar may have */
    public int maxJarEntries() {
        return values.maxJarEntries;
    }

    /** @return the most bytes a plugin jar's entries may expand to, all together */
    public long maxJarSize() {
        return values.maxJarSize;
    }

    /** @return whether file events trigger a scan */
    public boolean watch() {
        return values.watch;
    }

    /** @return the period of rescans besides file events, or {@code null} for none */
    public Duration poll() {
        return values.poll;
    }

    /** @return whether SIGHUP rescans the plugins directory */
    public boolean sighup() {
        return values.sighup;
    }

    /** @return how long JVM shutdown waits for calls in flight before it closes the versions */
    public Duration shutdownTimeout() {
        return values.shutdownTimeout;
    }

    /** @return how long a new version's calls are watched after its swap, or {@code null} when they are not */
    public Duration bake() {
        return values.bake;
    }

    /** @return the percentage of a baking version's calls that may fail before it is rolled back */
    public double bakeFailureRate() {
        return values.bakeFailureRate;
    }

    /** @return the fewest failed calls that roll a baking version back */
    public int bakeMinFailures() {
        return values.bakeMinFailures;
    }

    /** @return whether a new version's bytecode is checked against the application before it goes live */
    public boolean verifyLinkage() {
        return values.verifyLinkage;
    }

    /** @return whether a plugins directory or jar that other users can write to is refused */
    public boolean strictPermissions() {
        return values.strictPermissions;
    }

    /** @return how long a retired version's class loader may stay reachable before it counts as leaked */
    public Duration leakCheckAfter() {
        return values.leakCheckAfter;
    }

    /** @return whether the leak check may call {@code System.gc()} before it decides */
    public boolean leakCheckGc() {
        return values.leakCheckGc;
    }

    /** @return the trust store, or {@code null} when jars need no signature */
    public Path trustStore() {
        return values.trustStore;
    }

    /** @return the trust store's password: the option, else the environment variable, else empty */
    public char[] trustStorePassword() {
        String password = values.trustStorePassword != null
                ? values.trustStorePassword : System.getenv(TRUST_STORE_PASSWORD_ENV);
        return password == null ? new char[0] : password.toCharArray();
    }

    /** @return whether directories of class files in the plugins directory load as exploded plugins */
    public boolean devMode() {
        return values.devMode;
    }

    /** @return how long an exploded plugin's files must stay unchanged before a new generation loads */
    public Duration devQuietPeriod() {
        return values.devQuietPeriod;
    }

    /** @return the host class loader, or {@code null} to follow the application's */
    public ClassLoader hostClassLoader() {
        return values.hostClassLoader;
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
        return OptionParser.format(asMap());
    }
}

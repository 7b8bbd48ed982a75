package dev.reload.runtime;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The table of options: one row per option, in the README's order, with its default and its meaning worded exactly
 * as the README's options table words them, how its text becomes a value and where that value goes. The parser, the
 * list of options its messages name and what management shows all read this table, and {@code OptionTableTest}
 * holds it against the README, so that an option is added in one row (besides its field in {@link OptionValues} and
 * its builder and getter in {@link ReloadOptions}) and the documentation cannot fall behind.
 */
enum Option {

    PLUGINS("plugins", "./plugins",
            "the directory of plugin jars, relative to the working directory; created if missing"),
    DRAIN_TIMEOUT("drainTimeout", "30s",
            "how long a retired version waits for its running calls before a warning names the threads still "
                    + "inside; it is closed only after they return, however long that takes"),
    SETTLE_TIME("settleTime", "50ms",
            "how long a new or changed jar must stay unchanged before it is loaded; `0ms` loads at once. A new "
                    + "jar that is complete when first seen (moved in atomically) loads without waiting"),
    INCOMPLETE_JAR_GRACE("incompleteJarGrace", "2s",
            "how long a jar that is not yet a valid zip (a copy that stalled) may stay unchanged before it is "
                    + "refused as not a valid jar"),
    INSTANTIATE_TIMEOUT("instantiateTimeout", "10s",
            "the limit on loading and instantiating one version; a version whose static initializer or "
                    + "constructor takes longer is refused, with the stuck thread's stack"),
    MAX_JAR_ENTRIES("maxJarEntries", "65536",
            "the most entries a plugin jar may have"),
    MAX_JAR_SIZE("maxJarSize", "512MB",
            "the most a plugin jar's entries may expand to, all together (zip bombs are refused before anything "
                    + "is read)"),
    VERIFY_LINKAGE("verifyLinkage", "true",
            "check a new version's bytecode against the application, the API and the JDK before it goes live"),
    STRICT_PERMISSIONS("strictPermissions", "true",
            "refuse a plugins directory or jar that users other than the JVM's own (or root) can write to"),
    TRUST_STORE("trustStore", null,
            "a PKCS12 file; when set, only jars whose every entry is signed by one of its certificates load"),
    /** Never shown, so that the password never reaches management, logs or {@link ReloadOptions#toString()}. */
    TRUST_STORE_PASSWORD("trustStorePassword", null,
            "the trust store's password; when not given, the environment variable `"
                    + ReloadOptions.TRUST_STORE_PASSWORD_ENV + "`"),
    LEAK_CHECK_AFTER("leakCheckAfter", "60s",
            "how long a retired version's class loader may stay reachable before it counts as leaked and what "
                    + "holds it is reported"),
    LEAK_CHECK_GC("leakCheckGc", "false",
            "whether the leak check may call `System.gc()` before it decides"),
    WATCH("watch", "true",
            "rescan on file events in the plugins directory"),
    POLL("poll", null,
            "rescan periodically as well, for example `poll=30s`"),
    SIGHUP("sighup", "true",
            "rescan on SIGHUP"),
    SHUTDOWN_TIMEOUT("shutdownTimeout", "30s",
            "how long JVM shutdown waits for calls in flight before it closes the versions"),
    BAKE("bake", null,
            "watch a new version's calls for that long after it replaced a lower one, and swap back when too many "
                    + "fail (see Automatic roll-back), for example `bake=10m`"),
    BAKE_FAILURE_RATE("bakeFailureRate", "5%",
            "the share of a baking version's calls that may end in an unchecked exception; more rolls it back"),
    BAKE_MIN_FAILURES("bakeMinFailures", "20",
            "the fewest failed calls that roll a baking version back, whatever their share"),
    DEV_MODE("devMode", "false",
            "load a directory of class files in the plugins directory (or a symbolic link to one) as an exploded "
                    + "plugin, swapped on every change; for development only"),
    DEV_QUIET_PERIOD("devQuietPeriod", "100ms",
            "in dev mode, how long an exploded plugin's files must stay unchanged before a new generation loads"),
    FLEET("fleet", null,
            "a fleet file: follow plugin versions in a Maven repository (see Teams with many JVMs)");

    private static final Map<String, Option> BY_KEY = new LinkedHashMap<>();

    static {
        for (Option option : values()) {
            BY_KEY.put(option.key, option);
        }
    }

    private final String key;
    private final String defaultValue;
    private final String description;

    Option(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** @return the option's name on the agent's command line */
    String key() {
        return key;
    }

    /** @return the default as the README writes it, or {@code null} when the option is unset by default */
    String defaultValue() {
        return defaultValue;
    }

    /** @return what the option means, as the README's options table says it */
    String description() {
        return description;
    }

    /**
     * How the option's text becomes a value and where that value goes. A switch rather than a function per row: the
     * agent reads its options before {@code main}, where each lambda would be a class spun at start-up.
     *
     * @throws IllegalArgumentException naming the option, if the text is not a valid value for it
     */
    ReloadOptions apply(ReloadOptions options, String text) {
        switch (this) {
            case PLUGINS:
                return options.withPlugins(OptionParser.path(key, text, "give the plugins directory"));
            case DRAIN_TIMEOUT:
                return options.withDrainTimeout(OptionParser.duration(key, text));
            case SETTLE_TIME:
                return options.withSettleTime(OptionParser.duration(key, text));
            case INCOMPLETE_JAR_GRACE:
                return options.withIncompleteJarGrace(OptionParser.duration(key, text));
            case INSTANTIATE_TIMEOUT:
                return options.withInstantiateTimeout(OptionParser.duration(key, text));
            case MAX_JAR_ENTRIES:
                return options.withMaxJarEntries(OptionParser.count(key, text));
            case MAX_JAR_SIZE:
                return options.withMaxJarSize(OptionParser.size(key, text));
            case VERIFY_LINKAGE:
                return options.withVerifyLinkage(OptionParser.bool(key, text));
            case STRICT_PERMISSIONS:
                return options.withStrictPermissions(OptionParser.bool(key, text));
            case TRUST_STORE:
                return options.withTrustStore(OptionParser.path(key, text, "give a PKCS12 file"));
            case TRUST_STORE_PASSWORD:
                return options.withTrustStorePassword(text);
            case LEAK_CHECK_AFTER:
                return options.withLeakCheckAfter(OptionParser.duration(key, text));
            case LEAK_CHECK_GC:
                return options.withLeakCheckGc(OptionParser.bool(key, text));
            case WATCH:
                return options.withWatch(OptionParser.bool(key, text));
            case POLL:
                return options.withPoll(OptionParser.duration(key, text));
            case SIGHUP:
                return options.withSighup(OptionParser.bool(key, text));
            case SHUTDOWN_TIMEOUT:
                return options.withShutdownTimeout(OptionParser.duration(key, text));
            case BAKE:
                return options.withBake(OptionParser.duration(key, text));
            case BAKE_FAILURE_RATE:
                return options.withBakeFailureRate(OptionParser.percent(key, text));
            case BAKE_MIN_FAILURES:
                return options.withBakeMinFailures(OptionParser.count(key, text));
            case DEV_MODE:
                return options.withDevMode(OptionParser.bool(key, text));
            case DEV_QUIET_PERIOD:
                return options.withDevQuietPeriod(OptionParser.duration(key, text));
            case FLEET:
                return options.withFleet(OptionParser.path(key, text, "give the fleet file"));
            default:
                throw new AssertionError(this);
        }
    }

    /** @return whether management and {@link ReloadOptions#toString()} may show the option's value */
    boolean shown() {
        return this != TRUST_STORE_PASSWORD;
    }

    /** @return the option's value in {@code options} as it would be written, empty when unset */
    String written(ReloadOptions options) {
        switch (this) {
            case PLUGINS:
                return format(options.plugins());
            case DRAIN_TIMEOUT:
                return format(options.drainTimeout());
            case SETTLE_TIME:
                return format(options.settleTime());
            case INCOMPLETE_JAR_GRACE:
                return format(options.incompleteJarGrace());
            case INSTANTIATE_TIMEOUT:
                return format(options.instantiateTimeout());
            case MAX_JAR_ENTRIES:
                return format(options.maxJarEntries());
            case MAX_JAR_SIZE:
                return format(options.maxJarSize());
            case VERIFY_LINKAGE:
                return format(options.verifyLinkage());
            case STRICT_PERMISSIONS:
                return format(options.strictPermissions());
            case TRUST_STORE:
                return format(options.trustStore());
            case LEAK_CHECK_AFTER:
                return format(options.leakCheckAfter());
            case LEAK_CHECK_GC:
                return format(options.leakCheckGc());
            case WATCH:
                return format(options.watch());
            case POLL:
                return format(options.poll());
            case SIGHUP:
                return format(options.sighup());
            case SHUTDOWN_TIMEOUT:
                return format(options.shutdownTimeout());
            case BAKE:
                return format(options.bake());
            case BAKE_FAILURE_RATE:
                return OptionParser.percent(options.bakeFailureRate());
            case BAKE_MIN_FAILURES:
                return format(options.bakeMinFailures());
            case DEV_MODE:
                return format(options.devMode());
            case DEV_QUIET_PERIOD:
                return format(options.devQuietPeriod());
            case FLEET:
                return format(options.fleet());
            default:
                throw new IllegalStateException("option '" + key + "' is never shown");
        }
    }

    /** @return the option of that name, or {@code null} if there is none */
    static Option named(String key) {
        return BY_KEY.get(key);
    }

    /** @return every option's name, in the table's order, for messages */
    static String keys() {
        return String.join(", ", BY_KEY.keySet());
    }

    /* Milliseconds whatever the unit the value was written in, so that a reader never has to convert. */
    private static String format(Object value) {
        if (value == null) {
            return "";
        }
        return value instanceof Duration ? ((Duration) value).toMillis() + "ms" : String.valueOf(value);
    }

}

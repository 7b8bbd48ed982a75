package dev.reload.runtime;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The table of options: one row per option, in the README's order, with its default and its meaning worded exactly
 * as the README's options table words them, how its text becomes a value and where that value goes. The parser, the
 * list of options its messages name and what management shows all read this table, and {@code OptionTableTest}
 * holds it against the README, so that an option is added in one row (besides its field and builder in
 * {@link ReloadOptions}) and the documentation cannot fall behind.
 */
enum Option {

    PLUGINS("plugins", "./plugins",
            "the directory of plugin jars, relative to the working directory; created if missing",
            OptionParser.path("give the plugins directory"), ReloadOptions::withPlugins, ReloadOptions::plugins),
    DRAIN_TIMEOUT("drainTimeout", "30s",
            "how long a retired version waits for its running calls before a warning names the threads still "
                    + "inside; it is closed only after they return, however long that takes",
            OptionParser::duration, ReloadOptions::withDrainTimeout, ReloadOptions::drainTimeout),
    SETTLE_TIME("settleTime", "50ms",
            "how long a new or changed jar must stay unchanged before it is loaded; `0ms` loads at once",
            OptionParser::duration, ReloadOptions::withSettleTime, ReloadOptions::settleTime),
    INSTANTIATE_TIMEOUT("instantiateTimeout", "10s",
            "the limit on loading and instantiating one version; a version whose static initializer or "
                    + "constructor takes longer is refused, with the stuck thread's stack",
            OptionParser::duration, ReloadOptions::withInstantiateTimeout, ReloadOptions::instantiateTimeout),
    MAX_JAR_ENTRIES("maxJarEntries", "65536",
            "the most entries a plugin jar may have",
            OptionParser::count, ReloadOptions::withMaxJarEntries, ReloadOptions::maxJarEntries),
    MAX_JAR_SIZE("maxJarSize", "512MB",
            "the most a plugin jar's entries may expand to, all together (zip bombs are refused before anything "
                    + "is read)",
            OptionParser::size, ReloadOptions::withMaxJarSize, ReloadOptions::maxJarSize),
    VERIFY_LINKAGE("verifyLinkage", "true",
            "check a new version's bytecode against the application, the API and the JDK before it goes live",
            OptionParser::bool, ReloadOptions::withVerifyLinkage, ReloadOptions::verifyLinkage),
    STRICT_PERMISSIONS("strictPermissions", "true",
            "refuse a plugins directory or jar that users other than the JVM's own (or root) can write to",
            OptionParser::bool, ReloadOptions::withStrictPermissions, ReloadOptions::strictPermissions),
    TRUST_STORE("trustStore", null,
            "a PKCS12 file; when set, only jars whose every entry is signed by one of its certificates load",
            OptionParser.path("give a PKCS12 file"), ReloadOptions::withTrustStore, ReloadOptions::trustStore),
    /** Has no getter, so that the password never reaches management, logs or {@link ReloadOptions#toString()}. */
    TRUST_STORE_PASSWORD("trustStorePassword", null,
            "the trust store's password; when not given, the environment variable `"
                    + ReloadOptions.TRUST_STORE_PASSWORD_ENV + "`",
            OptionParser::text, ReloadOptions::withTrustStorePassword, null),
    LEAK_CHECK_AFTER("leakCheckAfter", "60s",
            "how long a retired version's class loader may stay reachable before it counts as leaked and what "
                    + "holds it is reported",
            OptionParser::duration, ReloadOptions::withLeakCheckAfter, ReloadOptions::leakCheckAfter),
    LEAK_CHECK_GC("leakCheckGc", "false",
            "whether the leak check may call `System.gc()` before it decides",
            OptionParser::bool, ReloadOptions::withLeakCheckGc, ReloadOptions::leakCheckGc),
    WATCH("watch", "true",
            "rescan on file events in the plugins directory",
            OptionParser::bool, ReloadOptions::withWatch, ReloadOptions::watch),
    POLL("poll", null,
            "rescan periodically as well, for example `poll=30s`",
            OptionParser::duration, ReloadOptions::withPoll, ReloadOptions::poll),
    SIGHUP("sighup", "true",
            "rescan on SIGHUP",
            OptionParser::bool, ReloadOptions::withSighup, ReloadOptions::sighup),
    SHUTDOWN_TIMEOUT("shutdownTimeout", "30s",
            "how long JVM shutdown waits for calls in flight before it closes the versions",
            OptionParser::duration, ReloadOptions::withShutdownTimeout, ReloadOptions::shutdownTimeout);

    private static final Map<String, Option> BY_KEY = Arrays.stream(values())
            .collect(Collectors.toMap(Option::key, option -> option, (a, b) -> a, LinkedHashMap::new));

    private final String key;
    private final String defaultValue;
    private final String description;
    private final BiFunction<ReloadOptions, String, ReloadOptions> apply;
    private final Function<ReloadOptions, String> show;

    /*
     * Generic so that each row's reader, builder and getter are checked to agree on one type; past the constructor
     * only text goes in and out, which is all the parser and management need.
     */
    <T> Option(String key, String defaultValue, String description, Reader<T> reader,
               BiFunction<ReloadOptions, T, ReloadOptions> builder, Function<ReloadOptions, T> getter) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
        this.apply = (options, text) -> builder.apply(options, reader.read(key, text));
        this.show = getter == null ? null : options -> format(getter.apply(options));
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
     * @throws IllegalArgumentException naming the option, if the text is not a valid value for it
     */
    ReloadOptions apply(ReloadOptions options, String text) {
        return apply.apply(options, text);
    }

    /** @return whether management and {@link ReloadOptions#toString()} may show the option's value */
    boolean shown() {
        return show != null;
    }

    /** @return the option's value in {@code options} as it would be written, empty when unset */
    String written(ReloadOptions options) {
        if (show == null) {
            throw new IllegalStateException("option '" + key + "' is never shown");
        }
        return show.apply(options);
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

    /** Reads an option's text into its value, naming the option when the text is not one. */
    @FunctionalInterface
    interface Reader<T> {
        T read(String key, String text);
    }
}

package dev.reload.runtime.log;

import java.io.PrintStream;
import java.util.TimeZone;

/**
 * The runtime's logger. Goes through the application's SLF4J when it has one with a provider (Logback, Log4j 2,
 * slf4j-simple...), found through the application's class loaders as {@link ApplicationSlf4j} says; otherwise, and
 * until that SLF4J is known, writes one line per message to standard error, because a swap, a rejection or a drain
 * timeout must never go unseen just because the host chose not to configure logging.
 *
 * <p>Thread-safe. Which of the two a message goes to is decided at each message, so that the loggers the runtime's
 * classes keep in static fields follow the application's SLF4J once it is found.
 */
public final class Log {

    private static volatile ApplicationSlf4j application = new ApplicationSlf4j(Log.class.getClassLoader());

    private final String name;
    /** The logger of the SLF4J that took this logger's last message; replaced when that SLF4J changes. */
    private volatile Bound bound;

    private Log(String name) {
        this.name = name;
    }

    public static Log get(Class<?> owner) {
        return new Log(owner.getName());
    }

    /**
     * Makes a class loader of the application known, such as the one its service interfaces come from: once one
     * through which an SLF4J with a provider is visible is known, later messages go through that SLF4J. Cheap, and
     * a loader already known costs nothing.
     *
     * @param loader a class loader of the application; {@code null} is ignored
     */
    public static void applicationClassLoader(ClassLoader loader) {
        application.consider(loader);
    }

    /**
     * Follows {@code thread}'s context class loader as a class loader of the application, until an SLF4J is found:
     * the agent follows the main thread, whose context class loader a launcher (a Spring Boot executable jar's, for
     * one) sets to the application's before it calls the application's {@code main}.
     *
     * @param thread the thread to follow
     */
    public static void followContextClassLoader(Thread thread) {
        application.follow(thread);
    }

    /**
     * Replaces the search, so that a test can show what an application's class loaders do to logging without
     * leaving its SLF4J to the tests after it.
     *
     * @return the search replaced, to put back
     */
    static ApplicationSlf4j replaceApplication(ApplicationSlf4j replacement) {
        ApplicationSlf4j previous = application;
        application = replacement;
        return previous;
    }

    public void info(String message) {
        log(Level.INFO, message, null);
    }

    public void warn(String message) {
        log(Level.WARN, message, null);
    }

    public void warn(String message, Throwable cause) {
        log(Level.WARN, message, cause);
    }

    public void error(String message, Throwable cause) {
        log(Level.ERROR, message, cause);
    }

    /** Goes to SLF4J only: standard error carries what an operator must see, and nothing else. */
    public void debug(String message) {
        log(Level.DEBUG, message, null);
    }

    private void log(Level level, String message, Throwable cause) {
        Slf4jBinding slf4j = application.binding();
        if (slf4j != null) {
            Object logger = loggerIn(slf4j);
            if (logger != null && slf4j.log(logger, level, message, cause)) {
                return;
            }
        }
        if (level != Level.DEBUG) {
            print(level.name(), message, cause);
        }
    }

    private Object loggerIn(Slf4jBinding slf4j) {
        Bound current = bound;
        if (current == null || current.slf4j() != slf4j) {
            Object logger = slf4j.logger(name);
            if (logger == null) {
                return null;
            }
            current = new Bound(slf4j, logger);
            bound = current;
        }
        return current.logger();
    }

    private void print(String level, String message, Throwable cause) {
        PrintStream err = System.err;
        synchronized (err) {
            err.println(localTime() + " " + level + " [reload] " + message);
            if (cause != null) {
                cause.printStackTrace(err);
            }
        }
    }

    /**
     * The time of day as HH:mm:ss.SSS in the JVM's time zone. Not with {@code java.time}: its first use (zone rules,
     * a pattern formatter) costs some 30 ms in a JVM that is starting, and the agent logs before {@code main}.
     */
    static String localTime() {
        long now = System.currentTimeMillis();
        long millis = Math.floorMod(now + TimeZone.getDefault().getOffset(now), 86_400_000L);
        StringBuilder time = new StringBuilder(12);
        twoDigits(time, millis / 3_600_000).append(':');
        twoDigits(time, millis / 60_000 % 60).append(':');
        twoDigits(time, millis / 1_000 % 60).append('.');
        long fraction = millis % 1_000;
        return time.append(fraction < 100 ? "0" : "").append(fraction < 10 ? "0" : "").append(fraction).toString();
    }

    private static StringBuilder twoDigits(StringBuilder text, long value) {
        return text.append(value < 10 ? "0" : "").append(value);
    }

    @Override
    public String toString() {
        return name;
    }

    private record Bound(Slf4jBinding slf4j, Object logger) {
    }
}

package dev.reload.runtime.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;

import java.io.PrintStream;
import java.util.ServiceLoader;
import java.util.TimeZone;

/**
 * The runtime's logger. Goes through SLF4J when the application has an SLF4J provider; otherwise writes one line per
 * message to standard error, because a swap, a rejection or a drain timeout must never go unseen just because the
 * host chose not to configure logging.
 */
public final class Log {

    private static final boolean SLF4J = hasProvider();

    private final String name;
    private final Logger logger;

    private Log(String name) {
        this.name = name;
        this.logger = SLF4J ? LoggerFactory.getLogger(name) : null;
    }

    public static Log get(Class<?> owner) {
        return new Log(owner.getName());
    }

    public void info(String message) {
        if (logger != null) {
            logger.info(message);
        } else {
            print("INFO", message, null);
        }
    }

    public void warn(String message) {
        warn(message, null);
    }

    public void warn(String message, Throwable cause) {
        if (logger != null) {
            logger.warn(message, cause);
        } else {
            print("WARN", message, cause);
        }
    }

    public void error(String message, Throwable cause) {
        if (logger != null) {
            logger.error(message, cause);
        } else {
            print("ERROR", message, cause);
        }
    }

    public void debug(String message) {
        if (logger != null) {
            logger.debug(message);
        }
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

    /**
     * Asks for providers before touching {@link LoggerFactory}, which would print its own "no providers" warning on a
     * host without logging.
     */
    private static boolean hasProvider() {
        try {
            if (ServiceLoader.load(org.slf4j.spi.SLF4JServiceProvider.class, Log.class.getClassLoader())
                    .findFirst().isPresent()) {
                return true;
            }
            return false;
        } catch (LinkageError | RuntimeException olderSlf4j) {
            // An SLF4J 1.x API earlier on the class path: it has no provider SPI, so ask it directly.
            try {
                return !(LoggerFactory.getILoggerFactory() instanceof NOPLoggerFactory);
            } catch (LinkageError | RuntimeException e) {
                return false;
            }
        }
    }
}

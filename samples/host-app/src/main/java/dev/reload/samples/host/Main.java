package dev.reload.samples.host;

import dev.reload.api.ReloadEvent;
import dev.reload.api.ServiceRegistry;
import dev.reload.samples.greeter.Greeter;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service that must not stop: it asks for its {@link Greeter} once and calls it in a loop, one line per call, while
 * plugin versions are dropped into and removed from the plugins directory. Run it with the reload agent:
 *
 * <pre>
 * java -javaagent:reload-agent.jar=plugins=DIR -cp host-app.jar:greeter-api.jar dev.reload.samples.host.Main
 *      [--duration=10s] [--interval=250ms]
 * </pre>
 *
 * <p>Without {@code --duration} it runs until the JVM is stopped (Ctrl-C, {@code kill}); either way it ends with a
 * line {@code calls=N failed=F}, and exits with status 1 from a bounded run in which a call failed.
 */
public final class Main {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})(ms|s|m|h)");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    /** Counted down by the shutdown hook: the loop finishes the call it is in and reports. */
    private static final CountDownLatch STOP = new CountDownLatch(1);
    /** Counted down once the summary is printed, so that the shutdown hook does not let the JVM halt before it. */
    private static final CountDownLatch REPORTED = new CountDownLatch(1);

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        Duration duration = null;
        Duration interval = Duration.ofMillis(250);
        for (String arg : args) {
            if (arg.startsWith("--duration=")) {
                duration = parseDuration(arg, arg.substring("--duration=".length()));
            } else if (arg.startsWith("--interval=")) {
                interval = parseDuration(arg, arg.substring("--interval=".length()));
            } else {
                usage("unknown argument '" + arg + "'");
            }
        }

        Greeter greeter = ServiceRegistry.get(Greeter.class);
        ServiceRegistry.addListener(event -> print("event: " + describe(event)));
        Runtime.getRuntime().addShutdownHook(new Thread(Main::stopAndAwaitReport, "host-app-shutdown"));

        long calls = 0;
        long failed = 0;
        long deadline = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
        try {
            do {
                calls++;
                try {
                    print("call " + calls + ": " + greeter.greet("world"));
                } catch (RuntimeException e) {
                    failed++;
                    print("call " + calls + " FAILED: " + e);
                }
            } while (!STOP.await(interval.toNanos(), TimeUnit.NANOSECONDS) && System.nanoTime() - deadline < 0);
        } finally {
            print("calls=" + calls + " failed=" + failed);
            REPORTED.countDown();
        }
        if (failed > 0) {
            System.exit(1);
        }
    }

    private static void stopAndAwaitReport() {
        STOP.countDown();
        try {
            REPORTED.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String describe(ReloadEvent event) {
        if (event instanceof ReloadEvent.Loaded e) {
            return "loaded " + e.pluginId() + " " + e.version();
        }
        if (event instanceof ReloadEvent.Swapped e) {
            return e.service().getSimpleName() + " calls go to " + orNone(e.toVersion()) + " (were going to "
                    + orNone(e.fromVersion()) + ")";
        }
        if (event instanceof ReloadEvent.Retired e) {
            return "retired " + e.pluginId() + " " + e.version() + ": its calls drained and its instances closed";
        }
        if (event instanceof ReloadEvent.Unloaded e) {
            return "unloaded " + e.pluginId() + " " + e.version() + ": its class loader was garbage collected";
        }
        ReloadEvent.Rejected e = (ReloadEvent.Rejected) event;
        return "rejected " + e.file().getFileName() + ": " + e.reason();
    }

    private static String orNone(String version) {
        return version == null ? "no version" : version;
    }

    private static Duration parseDuration(String arg, String value) {
        Matcher m = DURATION.matcher(value.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            usage("bad duration in '" + arg + "': write a whole number and a unit, such as 500ms, 10s or 2m");
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

    private static void usage(String problem) {
        System.err.println("host-app: " + problem);
        System.err.println("host-app: usage: Main [--duration=10s] [--interval=250ms]");
        System.exit(2);
    }

    private static void print(String line) {
        System.out.println(LocalTime.now().format(TIME) + " " + line);
    }
}

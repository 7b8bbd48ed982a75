package dev.reload.bench.startup;

/**
 * The application of a start-up measurement: prints {@link System#nanoTime()} as the first thing {@code main} does,
 * and exits. On Linux the value is the system-wide monotonic clock, so the parent process can subtract its own.
 */
public final class StartupProbe {

    private StartupProbe() {
    }

    public static void main(String[] args) {
        System.out.println(System.nanoTime());
    }
}

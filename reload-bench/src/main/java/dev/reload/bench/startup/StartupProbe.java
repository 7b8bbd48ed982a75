package dev.reload.bench.startup;

/**
 * The application of a start-up measurement: reads {@link System#nanoTime()} as the first thing {@code main} does,
 * then the CPU time the process has used so far, prints both and exits. On Linux the first is the system-wide
 * monotonic clock, so the parent process can subtract its own; the second, which other processes on a busy machine
 * barely change, counts the work done before {@code main} (all of the JVM's threads, in the kernel's clock ticks).
 */
public final class StartupProbe {

    private StartupProbe() {
    }

    public static void main(String[] args) {
        long now = System.nanoTime();
        long cpu = ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(-1L);
        System.out.println(now + " " + cpu);
    }
}

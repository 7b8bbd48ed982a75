package dev.reload.bench.engine;

import dev.reload.api.ServiceUnavailableException;
import dev.reload.bench.subject.Scorer;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * A caller that calls {@code score(0)} on a proxy every few tens of microseconds and records when each version
 * first answered. It parks between calls rather than spinning, so that on a two-core machine it leaves the engine
 * a core; {@link #pollMicros()} says how fine that makes its timestamps.
 */
final class ServedVersions implements AutoCloseable {

    private static final long PARK_NANOS = 20_000;

    private final Scorer proxy;
    private final ConcurrentHashMap<Integer, Long> firstServed = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long polls;
    private final long started = System.nanoTime();

    ServedVersions(Scorer proxy) {
        this.proxy = proxy;
        this.thread = new Thread(this::run, "bench-caller");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        long count = 0;
        while (running) {
            try {
                int version = proxy.score(0);
                long now = System.nanoTime();
                firstServed.putIfAbsent(version, now);
            } catch (ServiceUnavailableException e) {
                // Not routed yet.
            }
            count++;
            polls = count;
            LockSupport.parkNanos(PARK_NANOS);
        }
    }

    /** @return when version {@code n} first answered a call */
    long await(int n, long timeoutMillis) throws TimeoutException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        Long at;
        while ((at = firstServed.get(n)) == null) {
            if (System.nanoTime() - deadline > 0) {
                throw new TimeoutException("version " + n + " served no call within " + timeoutMillis + " ms");
            }
            LockSupport.parkNanos(100_000);
        }
        return at;
    }

    /** @return the mean time between two calls so far, in microseconds: the resolution of the timestamps */
    double pollMicros() {
        long count = polls;
        return count == 0 ? Double.NaN : (System.nanoTime() - started) / 1e3 / count;
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

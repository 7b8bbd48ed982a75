package dev.reload.bench.engine;

import dev.reload.api.ReloadEvent;
import dev.reload.api.ReloadListener;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Records when each event reaches a listener, by kind and version, and lets a benchmark wait for one. The time is
 * the delivery time: events are delivered on the runtime's event thread, a little after the engine published them.
 */
final class EventLog implements ReloadListener {

    private final Map<String, Long> delivered = new HashMap<>();
    private int rejected;

    @Override
    public synchronized void onEvent(ReloadEvent event) {
        long now = System.nanoTime();
        if (event instanceof ReloadEvent.Loaded loaded) {
            delivered.putIfAbsent(key("loaded", loaded.version()), now);
        } else if (event instanceof ReloadEvent.Swapped swapped && swapped.toVersion() != null) {
            delivered.putIfAbsent(key("swapped", swapped.toVersion()), now);
        } else if (event instanceof ReloadEvent.Retired retired) {
            delivered.putIfAbsent(key("retired", retired.version()), now);
        } else if (event instanceof ReloadEvent.Unloaded unloaded) {
            delivered.putIfAbsent(key("unloaded", unloaded.version()), now);
        } else if (event instanceof ReloadEvent.Rejected r) {
            rejected++;
            System.err.println("unexpected rejection of " + r.file() + ": " + r.reason());
        }
        notifyAll();
    }

    /** @return when the Loaded event of version {@code 1.0.<n>} was delivered */
    long loaded(int n, long timeoutMillis) throws InterruptedException, TimeoutException {
        return await("loaded", n, timeoutMillis);
    }

    /** @return when the Swapped event to version {@code 1.0.<n>} was delivered */
    long swapped(int n, long timeoutMillis) throws InterruptedException, TimeoutException {
        return await("swapped", n, timeoutMillis);
    }

    /** @return when the Retired event of version {@code 1.0.<n>} was delivered */
    long retired(int n, long timeoutMillis) throws InterruptedException, TimeoutException {
        return await("retired", n, timeoutMillis);
    }

    /** @return when the Unloaded event of version {@code 1.0.<n>} was delivered */
    long unloaded(int n, long timeoutMillis) throws InterruptedException, TimeoutException {
        return await("unloaded", n, timeoutMillis);
    }

    /** @return when the Unloaded event of version {@code 1.0.<n>} was delivered, or 0 if it has not been */
    synchronized long unloadedOrZero(int n) {
        return delivered.getOrDefault(key("unloaded", "1.0." + n), 0L);
    }

    synchronized int count(String kind) {
        int count = 0;
        for (String key : delivered.keySet()) {
            if (key.startsWith(kind + ":")) {
                count++;
            }
        }
        return count;
    }

    synchronized int rejected() {
        return rejected;
    }

    private synchronized long await(String kind, int n, long timeoutMillis)
            throws InterruptedException, TimeoutException {
        String key = key(kind, "1.0." + n);
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        Long at;
        while ((at = delivered.get(key)) == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("no " + kind + " event for version 1.0." + n + " within "
                        + timeoutMillis + " ms");
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return at;
    }

    private static String key(String kind, String version) {
        return kind + ":" + version;
    }
}

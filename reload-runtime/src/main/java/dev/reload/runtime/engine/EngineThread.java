package dev.reload.runtime.engine;

import dev.reload.runtime.event.DaemonThreads;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one thread on which the engine decides. Everything that changes what serves runs here, so the engine's state
 * needs no locks: file events, timers, finished loads and operators only queue work for it.
 */
final class EngineThread {

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(this::newThread);
    private volatile Thread current;
    private final AtomicBoolean scanQueued = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final Runnable scan;

    /** @param scan reads the directory and settles every plugin; runs on this thread */
    EngineThread(Runnable scan) {
        this.scan = scan;
    }

    private Thread newThread(Runnable task) {
        Thread thread = DaemonThreads.named("reload-engine").newThread(task);
        current = thread;
        return thread;
    }

    /** @return whether the caller runs on this thread, and so must not wait for work queued behind it */
    boolean isCurrent() {
        return Thread.currentThread() == current;
    }

    /** Queues a scan; scans requested while one is queued coalesce into it. */
    void requestScan() {
        if (!closing.get() && scanQueued.compareAndSet(false, true)) {
            try {
                executor.execute(() -> {
                    scanQueued.set(false);
                    if (!closing.get()) {
                        scan.run();
                    }
                });
            } catch (RejectedExecutionException e) {
                scanQueued.set(false);
            }
        }
    }

    /** Requests a scan once {@code delay} has passed, for files still settling. */
    void scanAfter(Duration delay) {
        if (!closing.get()) {
            executor.schedule(this::requestScan, delay.toNanos() + 1_000_000, TimeUnit.NANOSECONDS);
        }
    }

    void every(Duration period, Runnable task) {
        long millis = period.toMillis();
        executor.scheduleWithFixedDelay(task, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} on this thread, or {@code ifClosed} on the caller's when the engine is closed. */
    void execute(Runnable task, Runnable ifClosed) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            ifClosed.run();
        }
    }

    /** @throws RejectedExecutionException once the engine is closed */
    <T> Future<T> submit(Callable<T> task) {
        return executor.submit(task);
    }

    /** @return whether this call is the one that starts closing: later calls find it closing already */
    boolean startClosing() {
        return closing.compareAndSet(false, true);
    }

    boolean closing() {
        return closing.get();
    }

    /** @return the thread as a scheduler, for management's own timed start */
    ScheduledExecutorService scheduler() {
        return executor;
    }

    void shutdown() {
        executor.shutdown();
    }
}

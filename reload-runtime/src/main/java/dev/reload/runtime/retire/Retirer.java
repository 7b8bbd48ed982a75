package dev.reload.runtime.retire;

import dev.reload.api.ReloadEvent;
import dev.reload.runtime.event.DaemonThreads;
import dev.reload.runtime.event.EventBus;
import dev.reload.runtime.log.Log;
import dev.reload.runtime.plugin.LoadedPlugin;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Retires versions that no longer serve: waits until every call that entered one has returned, closes its
 * instances, releases its class loader and hands the loader to the {@link UnloadWatch}.
 *
 * <p>Waiting is polling with a short back-off rather than a signal from the call path, because the call path must
 * stay free of anything but the two gate updates. Past the drain timeout it warns, with the stacks of the threads
 * still running the version's code, and keeps waiting: a version is never closed under a running call.
 */
public final class Retirer {

    private static final Log LOG = Log.get(Retirer.class);
    private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final Duration drainTimeout;
    private final Duration leakCheckAfter;
    private final boolean leakCheckGc;
    private final ScheduledExecutorService executor;
    private final Set<Drain> pending = ConcurrentHashMap.newKeySet();
    /** The retirements not yet complete, closing included: what closing the runtime waits for. */
    private final Set<CompletableFuture<Void>> underway = ConcurrentHashMap.newKeySet();
    private volatile boolean shuttingDown;

    public Retirer(Duration drainTimeout, Duration leakCheckAfter, boolean leakCheckGc) {
        this.drainTimeout = drainTimeout;
        this.leakCheckAfter = leakCheckAfter;
        this.leakCheckGc = leakCheckGc;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("reload-retire"));
        executor.setRemoveOnCancelPolicy(true);
        this.executor = executor;
    }

    /**
     * @param plugin a version no route points to any more
     * @return completes when the version is closed and released
     */
    public CompletableFuture<Void> retire(LoadedPlugin plugin) {
        return drainThenClose(plugin, true);
    }

    /**
     * Closes a version that was refused after some calls reached it, once they have returned; as it never became
     * the active version, no event says it retired.
     */
    public CompletableFuture<Void> discard(LoadedPlugin plugin) {
        return drainThenClose(plugin, false);
    }

    private CompletableFuture<Void> drainThenClose(LoadedPlugin plugin, boolean served) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        underway.add(done);
        done.whenComplete((r, e) -> underway.remove(done));
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        Drain drain = new Drain(plugin, served, deadline, done);
        pending.add(drain);
        executor.execute(drain);
        return done;
    }

    /** @return completes when every retirement under way now is complete */
    public CompletableFuture<Void> underway() {
        return CompletableFuture.allOf(underway.toArray(new CompletableFuture<?>[0]));
    }

    /**
     * Logs every version still waiting for its calls when the JVM is about to exit, with the threads still running
     * its code. They are not closed: closing under a running call is what the drain exists to prevent.
     */
    public void reportAbandoned() {
        for (Drain drain : pending) {
            LOG.warn(describeStuck(drain.plugin, drain.plugin.gate().inFlight(), "at shutdown after shutdownTimeout; "
                    + "abandoned without closing it"));
        }
    }

    /**
     * Stops the thread once the retirements under way have finished: a version whose call outlasts the runtime is
     * still closed when that call returns.
     */
    public void shutdown() {
        shuttingDown = true;
        if (pending.isEmpty()) {
            executor.shutdown();
        }
    }

    private final class Drain implements Runnable {

        private final LoadedPlugin plugin;
        private final boolean served;
        private final AtomicBoolean closed = new AtomicBoolean();
        private final long deadline;
        private final CompletableFuture<Void> done;
        private long pollNanos = TimeUnit.MICROSECONDS.toNanos(100);
        private boolean warned;

        Drain(LoadedPlugin plugin, boolean served, long deadline, CompletableFuture<Void> done) {
            this.plugin = plugin;
            this.served = served;
            this.deadline = deadline;
            this.done = done;
        }

        @Override
        public void run() {
            if (closed.get()) {
                return;
            }
            try {
                long inFlight = plugin.gate().inFlight();
                if (inFlight > 0) {
                    if (!warned && System.nanoTime() - deadline > 0) {
                        warned = true;
                        warnStuck(inFlight);
                    }
                    pollNanos = Math.min(pollNanos * 2, MAX_POLL_NANOS);
                    executor.schedule(this, pollNanos, TimeUnit.NANOSECONDS);
                    return;
                }
                close();
            } catch (RuntimeException | Error e) {
                LOG.error("retiring " + plugin + " failed", e);
                done.completeExceptionally(e);
            }
        }

        void close() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            pending.remove(this);
            if (shuttingDown && pending.isEmpty()) {
                executor.shutdown();
            }
            List<String> failures = plugin.closeInstances();
            failures.forEach(f -> LOG.warn(plugin.id() + " " + plugin.version() + ": " + f));
            String id = plugin.id();
            String version = plugin.version();
            if (!served) {
                UnloadWatch.get().watchRefused(plugin.release(), id, version, leakCheckAfter, leakCheckGc);
                LOG.info(id + " " + version + ": refused, and closed once the calls that reached it returned");
                done.complete(null);
                return;
            }
            if (!plugin.lastUseOfClasses()) {
                // Instances replaced by a configuration change: their classes keep serving in the new instances.
                plugin.release();
                LOG.info(id + " " + version + ": the instances replaced by a configuration change were closed");
                done.complete(null);
                return;
            }
            // Releasing the loader also deregisters the version's JDBC drivers, as Tomcat does at undeploy.
            ClassLoader loader = plugin.release();
            if (loader == null) {
                // Instances of the same classes were made meanwhile; they release the loader when they retire.
                done.complete(null);
                return;
            }
            UnloadWatch.get().watch(loader, id, version, leakCheckAfter, leakCheckGc);
            LOG.info(id + " " + version + ": retired, calls drained and instances closed");
            EventBus.get().publish(new ReloadEvent.Retired(id, version));
            done.complete(null);
        }

        private void warnStuck(long inFlight) {
            LOG.warn(describeStuck(plugin, inFlight, "after the drain timeout of " + drainTimeout.toMillis()
                    + " ms; the version will be closed when they return"));
        }
    }

    /** Names the version, its calls in flight and the threads running its code, with their stacks. */
    private static String describeStuck(LoadedPlugin plugin, long inFlight, String situation) {
        String loaderName = plugin.loaderName();
        StringBuilder message = new StringBuilder()
                .append(plugin.id()).append(' ').append(plugin.version())
                .append(": ").append(inFlight).append(" call(s) still running ").append(situation).append('.');
        boolean found = false;
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            StackTraceElement[] stack = e.getValue();
            if (runsLoader(stack, loaderName)) {
                found = true;
                message.append(System.lineSeparator()).append("  thread \"").append(e.getKey().getName())
                        .append('"');
                for (StackTraceElement frame : stack) {
                    message.append(System.lineSeparator()).append("      at ").append(frame);
                }
            }
        }
        if (!found) {
            message.append(" No thread is running its code right now.");
        }
        return message.toString();
    }

    private static boolean runsLoader(StackTraceElement[] stack, String loaderName) {
        for (StackTraceElement frame : stack) {
            if (loaderName.equals(frame.getClassLoaderName())) {
                return true;
            }
        }
        return false;
    }
}

package dev.reload.runtime.engine;

import dev.reload.runtime.event.DaemonThreads;
import dev.reload.runtime.log.Log;
import dev.reload.runtime.plugin.LoadedPlugin;
import dev.reload.runtime.plugin.PluginConfig;
import dev.reload.runtime.plugin.PluginCoordinates;
import dev.reload.runtime.plugin.PluginLoader;
import dev.reload.runtime.plugin.PluginRejectedException;
import dev.reload.runtime.retire.UnloadWatch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Loads each version on a thread of its own, with a time limit. Loading runs plugin code (static initializers,
 * constructors), and plugin code may never return; the engine must not wait on it forever, and a stuck load must
 * not hold up the files after it.
 *
 * <p>A load that finishes after its limit is discarded: its instances closed, its loader released. A load that never
 * finishes keeps its thread, which is all that can be done for code that ignores interruption; each load has a
 * thread of its own, so the interruption can never reach another load. The loader of every refused or discarded load
 * goes to the {@link UnloadWatch}, so that one its code keeps reachable is reported like a retired one.
 */
final class TimedLoader {

    private static final Log LOG = Log.get(TimedLoader.class);

    private final PluginLoader loader;
    private final Duration timeout;
    private final Duration leakCheckAfter;
    private final boolean leakCheckGc;
    /**
     * A thread per load, never reused: a thread-local a plugin's static initializer or constructor sets would
     * otherwise stay on a pooled thread and keep that version loaded after it retires.
     */
    private final ThreadFactory threads = DaemonThreads.named("reload-loader");
    private final ScheduledThreadPoolExecutor timer =
            new ScheduledThreadPoolExecutor(1, DaemonThreads.named("reload-load-timer"));

    TimedLoader(PluginLoader loader, Duration timeout, Duration leakCheckAfter, boolean leakCheckGc) {
        this.loader = loader;
        this.timeout = timeout;
        this.leakCheckAfter = leakCheckAfter;
        this.leakCheckGc = leakCheckGc;
        // A pending time-out refers to the load's result, and with it the version's class loader: it must leave the
        // queue as soon as the load ends, or it would keep a version that retires early reachable until it fires.
        timer.setRemoveOnCancelPolicy(true);
    }

    /**
     * @param content what {@code file} holds, to load from: the file itself, or an exploded plugin's snapshot
     * @return completes with the loaded version, or exceptionally with a {@link PluginRejectedException} when the
     *         jar cannot serve or its load did not finish in time
     */
    CompletableFuture<LoadedPlugin> load(Path file, Path content, PluginCoordinates coordinates,
                                         PluginConfig config) {
        return run("loading and instantiating", () -> {
            try {
                return loader.load(file, content, coordinates, config);
            } catch (PluginRejectedException e) {
                UnloadWatch.get().watchRefused(e.releasedLoader(), coordinates.id(), coordinates.version().toString(),
                        leakCheckAfter, leakCheckGc);
                throw e;
            }
        });
    }

    /**
     * @return completes with new instances of {@code current}'s classes made with {@code config}, or exceptionally
     *         with a {@link PluginRejectedException}
     */
    CompletableFuture<LoadedPlugin> reconfigure(LoadedPlugin current, PluginConfig config) {
        return run("instantiating with the new configuration", () -> loader.reconfigure(current, config));
    }

    private CompletableFuture<LoadedPlugin> run(String what, Load load) {
        CompletableFuture<LoadedPlugin> result = new CompletableFuture<>();
        AtomicReference<Thread> worker = new AtomicReference<>();
        threads.newThread(() -> {
            worker.set(Thread.currentThread());
            try {
                LoadedPlugin loaded = load.run();
                if (!result.complete(loaded)) {
                    LOG.warn(loaded + ": " + what + " finished after instantiateTimeout; discarded");
                    discard(loaded);
                }
            } catch (PluginRejectedException e) {
                result.completeExceptionally(e);
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(new PluginRejectedException(what + " failed: " + e, e));
            } finally {
                worker.set(null);
            }
        }).start();
        ScheduledFuture<?> timeLimit = timer.schedule(() -> {
            Thread stuck = worker.get();
            String where = stuck == null ? "" : " The loading thread is at:" + stackOf(stuck);
            if (result.completeExceptionally(new PluginRejectedException(what + " did not finish "
                    + "within instantiateTimeout=" + timeout.toMillis() + "ms (a static initializer or constructor "
                    + "that never returns?); raise instantiateTimeout if this version needs longer." + where))
                    && stuck != null) {
                stuck.interrupt();
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        result.whenComplete((loaded, failure) -> timeLimit.cancel(false));
        return result;
    }

    /**
     * Runs plugin code other than a load ({@code exportState}, {@code importState}) on a thread of its own, so
     * that code which never returns cannot stop the engine.
     *
     * @return what {@code task} returned
     * @throws TimeoutException  if it did not return within instantiateTimeout; its thread is interrupted
     * @throws ExecutionException with what it threw
     */
    <T> T callTimed(Callable<T> task) throws TimeoutException, ExecutionException, InterruptedException {
        FutureTask<T> future = new FutureTask<>(task);
        Thread thread = threads.newThread(future);
        thread.start();
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            thread.interrupt();
            throw e;
        }
    }

    Duration timeout() {
        return timeout;
    }

    private interface Load {
        LoadedPlugin run() throws PluginRejectedException;
    }

    /**
     * Closes and releases {@code plugin}, a load nobody will use, and watches its loader unload; {@code null}, a load
     * that failed, is fine.
     */
    void discard(LoadedPlugin plugin) {
        if (plugin == null) {
            return;
        }
        plugin.closeInstances().forEach(failure -> LOG.warn(plugin + ": " + failure));
        UnloadWatch.get().watchRefused(plugin.release(), plugin.id(), plugin.version(), leakCheckAfter, leakCheckGc);
    }

    void shutdown() {
        timer.shutdownNow();
    }

    private static String stackOf(Thread thread) {
        StringBuilder stack = new StringBuilder();
        for (StackTraceElement frame : thread.getStackTrace()) {
            stack.append(System.lineSeparator()).append("      at ").append(frame);
        }
        return stack.toString();
    }
}

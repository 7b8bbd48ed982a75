package dev.reload.runtime.engine;

import dev.reload.runtime.log.Log;
import dev.reload.runtime.plugin.LoadedPlugin;
import dev.reload.runtime.retire.Retirer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How the engine stops serving: {@link #close} for a runtime closed while the JVM goes on, {@link #shutdown} for a
 * JVM going down. Both stop the deciding thread, make every service unavailable and retire every version; they
 * differ in what they wait for.
 */
final class Stopping {

    private static final Log LOG = Log.get(Engine.class);

    private final EngineThread thread;
    private final Deployments deployments;
    private final Activation activation;
    private final Retirer retirer;
    private final Duration drainTimeout;

    Stopping(EngineThread thread, Deployments deployments, Activation activation, Retirer retirer,
             Duration drainTimeout) {
        this.thread = thread;
        this.deployments = deployments;
        this.activation = activation;
        this.retirer = retirer;
        this.drainTimeout = drainTimeout;
    }

    /**
     * Makes every service unavailable at once and retires every version, waiting up to the drain timeout for calls
     * in flight; retirement goes on in the background until the last call returns.
     *
     * @param onEngineThread runs first, on the engine's thread: stops what feeds it
     * @param afterwards     runs once the engine's thread is stopped
     */
    void close(Runnable onEngineThread, Runnable afterwards) {
        CompletableFuture<Void> all;
        try {
            all = thread.submit(() -> {
                onEngineThread.run();
                return deactivateAll();
            }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException e) {
            LOG.warn("closing the runtime failed", e.getCause());
            return;
        } finally {
            thread.shutdown();
            afterwards.run();
        }
        try {
            all.get(drainTimeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("calls still running after the drain timeout; their versions close when they return");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.warn("retiring a version failed", e.getCause());
        }
    }

    /**
     * Stops swapping and lets the calls in flight finish for up to {@code timeout}, then closes every active and
     * retiring version exactly once. Calls that start meanwhile are still served by the active versions until those
     * are closed.
     *
     * @param onEngineThread runs first, on the engine's thread: stops what feeds it
     * @param afterwards     runs once the engine's thread is stopped
     */
    void shutdown(Duration timeout, Runnable onEngineThread, Runnable afterwards) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            CompletableFuture<Void> retiringBefore = thread.submit(() -> {
                onEngineThread.run();
                return retirer.underway();
            }).get();
            // Versions already retiring finish first, while the active ones still serve.
            awaitUntil(retiringBefore, deadline);
            List<LoadedPlugin> serving = thread.submit(
                    () -> new ArrayList<>(deployments.activeVersions().values())).get();
            awaitNoCallsInside(serving, deadline);
            // Only now do calls stop reaching the active versions; any that entered since are drained before close.
            awaitUntil(thread.submit(this::deactivateAll).get(), deadline);
            retirer.reportAbandoned();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.warn("shutting down the runtime failed", e.getCause());
        } finally {
            thread.shutdown();
            afterwards.run();
        }
    }

    private CompletableFuture<Void> deactivateAll() {
        Routing.get().update(Map.of(), null);
        for (Deployment deployment : deployments.all()) {
            LoadedPlugin active = deployment.active();
            // Loads still in flight are discarded when they finish.
            deployment.deactivated();
            if (active != null) {
                activation.retire(deployment, active);
            }
        }
        return retirer.underway();
    }

    private static void awaitNoCallsInside(List<LoadedPlugin> versions, long deadline) throws InterruptedException {
        while (System.nanoTime() - deadline < 0) {
            if (versions.stream().allMatch(v -> v.gate().inFlight() == 0)) {
                return;
            }
            Thread.sleep(1);
        }
    }

    private static void awaitUntil(CompletableFuture<Void> done, long deadline) throws InterruptedException {
        try {
            done.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // What did not finish in time is abandoned by the caller.
        }
    }
}

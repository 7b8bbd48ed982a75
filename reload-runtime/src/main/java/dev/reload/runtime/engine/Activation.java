package dev.reload.runtime.engine;

import dev.reload.api.ReloadEvent;
import dev.reload.runtime.event.EventBus;
import dev.reload.runtime.log.Log;
import dev.reload.runtime.plugin.LoadedPlugin;
import dev.reload.runtime.proxy.Hold;
import dev.reload.runtime.retire.Retirer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Puts a loaded version in front of the proxies: routes calls from the version that served to the new one, hands
 * state over first where both implement {@code Handover}, says what changed, has the new version bake, and hands
 * the version it replaced to retirement. Runs on the engine's thread.
 */
final class Activation {

    private static final Log LOG = Log.get(Engine.class);

    private final Deployments deployments;
    private final Retirer retirer;
    private final Duration drainTimeout;
    private final Path directory;
    private final Bake bake;
    private TimedLoader timer;

    Activation(Deployments deployments, Retirer retirer, Duration drainTimeout, Path directory, Bake bake) {
        this.deployments = deployments;
        this.retirer = retirer;
        this.drainTimeout = drainTimeout;
        this.directory = directory;
        this.bake = bake;
    }

    /** @param timer runs handover exports and imports under the instantiation time limit */
    void useTimer(TimedLoader timer) {
        this.timer = timer;
    }

    /**
     * Routes calls from the active version of {@code deployment} to {@code to}. When both hand over state, new calls
     * are held while the old version drains, exports and {@code to} imports.
     *
     * @param to the new version, or {@code null} to make the plugin's services unavailable
     * @return {@code null} once {@code to} serves, else why it was refused; the old version then still serves and
     *         {@code to} is discarded
     */
    String activate(Deployment deployment, LoadedPlugin to) {
        String id = deployment.id();
        LoadedPlugin from = deployment.active();
        if (from != null && to != null) {
            Handoff handoff = new Handoff(from, to);
            if (handoff.needed()) {
                String refused;
                try {
                    refused = handoff.problem() != null ? "the handover was refused: " + handoff.problem()
                            : handOver(id, from, to, handoff);
                } catch (RuntimeException | Error e) {
                    refused = "the handover failed: " + e;
                }
                if (refused != null) {
                    route();
                    discardWhenDrained(to);
                    return refused;
                }
            }
        }
        boolean newCode = deployment.activated(from, to);
        route();
        bake.swapped(deployment, from, to);
        if (newCode) {
            publishSwapped(from, to);
        }
        if (from == null) {
            LOG.info(id + " " + to.version() + ": active");
        } else if (to == null) {
            LOG.info(id + " " + from.version() + ": no jar left, its services are unavailable");
        } else if (newCode) {
            LOG.info(id + ": swapped " + from.version() + " -> " + to.version() + " (" + to.file().getFileName()
                    + ")");
        }
        if (from != null) {
            retire(deployment, from);
        }
        return null;
    }

    /** Points every proxy at the active versions as they are now; ends any hold. */
    void route() {
        Routing.get().update(deployments.activeVersions(), directory);
    }

    /** Retires {@code plugin}, which no route points to any more, and counts its calls once it is closed. */
    void retire(Deployment deployment, LoadedPlugin plugin) {
        PluginStats stats = deployment.stats();
        retirer.retire(plugin).whenComplete((done, failure) -> stats.retired(plugin));
    }

    private static void publishSwapped(LoadedPlugin from, LoadedPlugin to) {
        Set<Class<?>> services = new LinkedHashSet<>();
        if (from != null) {
            services.addAll(from.services());
        }
        if (to != null) {
            services.addAll(to.services());
        }
        String fromVersion = from == null ? null : from.version();
        for (Class<?> service : services) {
            String before = from != null && from.route(service) != null ? fromVersion : null;
            String after = to != null && to.route(service) != null ? to.version() : null;
            EventBus.get().publish(new ReloadEvent.Swapped(service, before, after));
        }
    }

    /**
     * Holds new calls, waits for the calls inside {@code from} to return (up to the drain timeout), and moves the
     * state across. The caller routes to {@code to} on success, which ends the hold, or back to {@code from}.
     *
     * @return {@code null} on success, else why the swap cannot happen
     */
    private String handOver(String id, LoadedPlugin from, LoadedPlugin to, Handoff handoff) {
        String what = id + " hands its state from " + from.version() + " to " + to.version();
        Hold hold = new Hold(drainTimeout, what, from.classLoader());
        Routing.get().holdForHandover(from, to, handoff.services(), hold);
        boolean drained = awaitDrained(from);
        if (drained) {
            // Calls made from inside the old version went to it while it drained; from now on none may enter.
            hold.closeToNested();
            drained = awaitDrained(from);
        }
        if (!drained) {
            return "the handover from " + from.version() + " needs its calls to finish, and "
                    + from.gate().inFlight() + " call(s) were still inside after drainTimeout="
                    + drainTimeout.toMillis() + "ms; " + from.version() + " keeps serving";
        }
        try {
            String problem = handoff.transfer(timer);
            if (problem != null) {
                return "the handover was refused: " + problem + "; " + from.version() + " keeps serving";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted during the handover";
        }
        LOG.info(what + " done");
        return null;
    }

    /** @return whether no call is inside {@code plugin} any more, waiting up to the drain timeout */
    private boolean awaitDrained(LoadedPlugin plugin) {
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        long pause = TimeUnit.MICROSECONDS.toNanos(20);
        while (plugin.gate().inFlight() > 0) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, TimeUnit.MILLISECONDS.toNanos(1));
        }
        return true;
    }

    /**
     * Discards a version refused during its handover. Services without a handover may have served calls on it
     * meanwhile: it is closed only after they return.
     */
    private void discardWhenDrained(LoadedPlugin refused) {
        if (refused.gate().inFlight() == 0) {
            timer.discard(refused);
        } else {
            retirer.discard(refused);
        }
    }
}

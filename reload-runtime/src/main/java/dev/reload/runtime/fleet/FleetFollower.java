package dev.reload.runtime.fleet;

import dev.reload.runtime.event.DaemonThreads;
import dev.reload.runtime.log.Log;
import dev.reload.runtime.manage.FollowedStatus;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Follows the repository of a fleet file on a thread of its own: polls every {@code poll}, each wait jittered by up
 * to &plusmn;20% so that a fleet started together does not poll in step, and after failed polls waits twice as long
 * each time, up to eight times {@code poll}. A poll that fails leaves the plugins directory as it was.
 *
 * <p>Started by the runtime only when the {@code fleet} option is set: this class and Maven Resolver are never loaded
 * otherwise.
 */
public final class FleetFollower implements AutoCloseable {

    private static final Log LOG = Log.get(FleetFollower.class);
    private static final Duration POLL_NOW_LIMIT = Duration.ofMinutes(2);
    private static final int MAX_BACKOFF_DOUBLINGS = 3;

    private final FleetFile fleet;
    private final RepositoryClient.Opener opener;
    private final Clock clock;
    private final Runnable changed;
    private final List<ArtifactSync> syncs = new ArrayList<>();
    private final FollowedStates states;
    private final FailureLog failures;
    private final ScheduledExecutorService thread =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("reload-fleet"));
    private ScheduledFuture<?> next;
    private volatile boolean closed;

    FleetFollower(FleetFile fleet, PluginsOutput output, RepositoryClient.Opener opener, Clock clock,
                  Runnable changed, Function<String, Collection<String>> badVersions) {
        this.fleet = fleet;
        this.opener = opener;
        this.clock = clock;
        this.changed = changed;
        this.failures = new FailureLog(fleet.repository().toString());
        for (Followed followed : fleet.followed()) {
            syncs.add(new ArtifactSync(followed, fleet.node(), output, badVersions));
        }
        this.states = new FollowedStates(fleet, badVersions);
    }

    /**
     * Reads the fleet file and starts following its repository; the first poll runs at once, in the background.
     *
     * @param fleetFile   the fleet file
     * @param plugins     the plugins directory, where versions are installed
     * @param changed     called after a file was installed or removed, so the runtime can rescan at once
     * @param badVersions a plugin's id to its versions marked bad on this node, read from any thread; what status
     *                    shows, and which versions the follower never keeps as the one to fall back to
     * @return the running follower
     * @throws IOException              if the fleet file or the follower's state beside the plugins directory cannot
     *                                  be read
     * @throws IllegalArgumentException naming what is wrong in the fleet file or its credentials
     */
    public static FleetFollower start(Path fleetFile, Path plugins, Runnable changed,
                                      Function<String, Collection<String>> badVersions) throws IOException {
        FleetFile fleet = FleetFile.read(fleetFile);
        Credentials credentials = Credentials.of(fleet, System::getenv);
        PluginsOutput output = PluginsOutput.open(plugins);
        FleetFollower follower = new FleetFollower(fleet, output,
                ResolverClient.opener(fleet, credentials, output.cache()), Clock.systemUTC(), changed, badVersions);
        LOG.info("following " + fleet.repository() + " as node " + fleet.node() + " (" + credentials + "), every "
                + fleet.poll().toMillis() + "ms: " + describe(fleet));
        // The platform MBean server takes a while to create in a JVM that has none yet: not on the starting thread.
        follower.thread.execute(() -> FleetBean.register(follower));
        follower.schedule(Duration.ZERO);
        return follower;
    }

    /** @return the repository's URL */
    public String repository() {
        return fleet.repository().toString();
    }

    /** @return this node's id */
    public String node() {
        return fleet.node();
    }

    /** @return each followed artifact's state after the last poll */
    public List<FollowedStatus> status() {
        return states.status();
    }

    /**
     * Polls now, on the follower's thread, and waits for it, up to two minutes.
     *
     * @return one line per followed artifact: what this node has from it, or why the poll failed
     */
    public String pollNow() {
        Future<?> poll = thread.submit(this::pollAndReschedule);
        try {
            poll.get(POLL_NOW_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            return "the poll of " + fleet.repository() + " did not end: " + e;
        }
        return states.summary();
    }

    private synchronized void schedule(Duration delay) {
        if (closed) {
            return;
        }
        if (next != null) {
            next.cancel(false);
        }
        next = thread.schedule(this::pollAndReschedule, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void pollAndReschedule() {
        boolean failed = poll();
        failures.pollEnded(failed);
        schedule(nextDelay(fleet.poll(), failures.failedPolls(), ThreadLocalRandom.current().nextDouble()));
    }

    /**
     * @param random a number in [0, 1)
     * @return {@code poll}, doubled per failed poll up to eight times, then moved by up to 20% either way
     */
    static Duration nextDelay(Duration poll, int failedPolls, double random) {
        long base = poll.toMillis() << Math.min(failedPolls, MAX_BACKOFF_DOUBLINGS);
        return Duration.ofMillis(Math.max(1, Math.round(base * (0.8 + 0.4 * random))));
    }

    /** @return whether anything failed */
    boolean poll() {
        boolean failed = false;
        Instant now = clock.instant();
        try (RepositoryClient client = opener.open()) {
            for (ArtifactSync sync : syncs) {
                try {
                    RolloutPlan plan = sync.sync(client, now, changed);
                    states.succeeded(sync.followed(), plan, sync.installed(), now);
                } catch (RepositoryFailure | IOException | RuntimeException e) {
                    failed = true;
                    String message = e instanceof RepositoryFailure ? e.getMessage()
                            : "cannot follow " + sync.followed().coordinate() + " from " + fleet.repository()
                            + ": " + e;
                    states.failed(sync.followed(), sync.installed(), message);
                    failures.failure(message);
                }
            }
        } catch (RuntimeException e) {
            String message = "cannot reach " + fleet.repository() + ": " + e;
            syncs.forEach(sync -> states.failed(sync.followed(), sync.installed(), message));
            failures.failure(message);
            failed = true;
        }
        return failed;
    }

    private static String describe(FleetFile fleet) {
        List<String> lines = new ArrayList<>();
        fleet.followed().forEach(f -> lines.add(f.key() + "=" + f.coordinate()));
        return String.join(", ", lines);
    }

    /** Stops polling; a poll under way ends first. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        thread.shutdownNow();
        FleetBean.unregister(this);
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            opener.close();
        } catch (Exception e) {
            LOG.debug("closing the repository system: " + e);
        }
    }
}

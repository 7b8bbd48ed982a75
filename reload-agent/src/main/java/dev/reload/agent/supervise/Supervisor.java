package dev.reload.agent.supervise;

import dev.reload.agent.supervise.Generation.State;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static dev.reload.agent.supervise.SupervisorLog.log;
import static dev.reload.agent.supervise.SupervisorLog.seconds;

/**
 * The supervisor's core loop. Every decision is taken on one thread, the one that calls {@link #run()}, from a queue
 * of events: a restart asked for, a generation ready, a generation exited, a timer run out, a stop asked for. Timers
 * and other threads only put events on the queue, so no state here needs a lock.
 *
 * <p>At most one generation is starting (the candidate) and at most one serves (the current one); any number drain.
 * A candidate that becomes ready replaces the current one, which drains. A candidate that exits or is not ready in
 * time is stopped and the current one keeps serving. A restart asked for while a candidate starts is merged with any
 * other such into one more start after it.
 */
final class Supervisor {

    private final GenerationLauncher launcher;
    private final Posix posix;
    private final SupervisorOptions options;
    private final BlockingQueue<Runnable> events = new LinkedBlockingQueue<>();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "reload-supervisor-timers");
        thread.setDaemon(true);
        return thread;
    });
    private final RestartBackoff backoff = new RestartBackoff();
    private final List<Generation> live = new ArrayList<>();
    private List<CompletableFuture<String>> waiting = new ArrayList<>();
    private List<CompletableFuture<String>> merged = new ArrayList<>();
    private Generation current;
    private Generation candidate;
    private boolean oneMore;
    private ScheduledFuture<?> respawn;
    private Instant askedAt;
    private int nextNumber = 1;
    private boolean stopping;
    private boolean killedWhileStopping;

    Supervisor(GenerationLauncher launcher, Posix posix, SupervisorOptions options) {
        this.launcher = launcher;
        this.posix = posix;
        this.options = options;
    }

    /**
     * Starts generation 1 and runs the loop until a stop has ended every generation.
     *
     * @return 0 if every generation stopped within the stop timeout, 1 if one had to be killed
     */
    int run() throws InterruptedException {
        askedAt = Instant.now();
        startCandidate();
        while (!(stopping && live.isEmpty())) {
            events.take().run();
        }
        timers.shutdownNow();
        return killedWhileStopping ? 1 : 0;
    }

    /**
     * Asks for a new generation; thread-safe.
     *
     * @return completed with a message when the new generation is ready, or exceptionally with a
     *         {@link RestartRefusedException} saying why there is none
     */
    CompletableFuture<String> restart() {
        CompletableFuture<String> outcome = new CompletableFuture<>();
        events.add(() -> onRestart(outcome));
        return outcome;
    }

    /** Takes a generation's report that it is ready; thread-safe. */
    void ready(int number) {
        events.add(() -> onReady(find(number)));
    }

    /** Stops every generation and then the loop; thread-safe. */
    void stop() {
        events.add(this::onStop);
    }

    /** @return the generations, oldest first, as the loop sees them when it gets to the question */
    CompletableFuture<List<Generation.Snapshot>> generations() {
        CompletableFuture<List<Generation.Snapshot>> answer = new CompletableFuture<>();
        events.add(() -> answer.complete(live.stream().map(Generation::snapshot).collect(Collectors.toList())));
        return answer;
    }

    private void onRestart(CompletableFuture<String> outcome) {
        if (stopping) {
            outcome.completeExceptionally(new RestartRefusedException("the supervisor is stopping"));
        } else if (candidate != null) {
            log("restart asked for while " + candidate + " starts: one more generation follows it");
            oneMore = true;
            merged.add(outcome);
        } else {
            askedAt = Instant.now();
            waiting.add(outcome);
            startCandidate();
        }
    }

    private void startCandidate() {
        if (respawn != null) {
            respawn.cancel(false);
            respawn = null;
        }
        int number = nextNumber++;
        Generation generation;
        try {
            generation = launcher.launch(number, status -> events.add(() -> onExit(number, status)));
        } catch (IOException | RuntimeException e) {
            log("cannot start generation " + number + ": " + e.getMessage());
            refuseWaiting("cannot start generation " + number + ": " + e.getMessage());
            if (current == null) {
                scheduleRespawn(Duration.ZERO);
            }
            startMergedRestart();
            return;
        }
        live.add(generation);
        candidate = generation;
        after(options.readyTimeout(), () -> {
            if (generation.state() == State.STARTING) {
                refuse(generation, "not ready within " + seconds(options.readyTimeout()));
            }
        });
        if (options.readyAfter() != null) {
            after(options.readyAfter(), () -> onReady(generation));
        }
    }

    private void onReady(Generation generation) {
        if (generation == null || generation != candidate || generation.state() != State.STARTING) {
            return;
        }
        Instant now = Instant.now();
        generation.enter(State.READY, now);
        candidate = null;
        log(generation + " ready " + seconds(Duration.between(askedAt, now)) + " after it was asked for");
        Generation old = current;
        current = generation;
        if (old != null) {
            drain(old, "replaced by generation " + generation.number());
        }
        for (CompletableFuture<String> outcome : waiting) {
            outcome.complete(generation + " is ready");
        }
        waiting = new ArrayList<>();
        startMergedRestart();
    }

    private void onExit(int number, int status) {
        Generation generation = find(number);
        if (generation == null) {
            return;
        }
        Instant now = Instant.now();
        State was = generation.state();
        Duration draining = generation.inState(now);
        generation.enter(State.GONE, now);
        live.remove(generation);
        if (was == State.DRAINING) {
            log(generation + " gone " + seconds(draining) + " after SIGTERM"
                    + (generation.killed() ? ", killed" : ", exit status " + status));
        } else if (generation == candidate) {
            refuse(generation, "exited with status " + status + " before it was ready");
        } else if (generation == current) {
            current = null;
            log(generation + " died by itself with status " + status + " after " + seconds(generation.age(now)));
            if (!stopping && candidate == null) {
                scheduleRespawn(generation.age(now));
            }
        }
    }

    /** The candidate failed: stop it; the current generation, if any, keeps serving. */
    private void refuse(Generation generation, String reason) {
        candidate = null;
        List<String> lines = generation.lastLines();
        log(generation + " refused: " + reason + (current == null ? "" : "; " + current + " keeps serving")
                + (lines.isEmpty() ? "; it printed nothing" : "; its last lines:" + System.lineSeparator() + "  "
                + String.join(System.lineSeparator() + "  ", lines)));
        refuseWaiting(generation + " " + reason + (lines.isEmpty() ? "" : "; its last line: "
                + lines.get(lines.size() - 1)));
        if (generation.state() == State.STARTING) {
            drain(generation, "refused");
        }
        if (current == null) {
            scheduleRespawn(generation.age(Instant.now()));
        }
        startMergedRestart();
    }

    private void onStop() {
        if (stopping) {
            return;
        }
        stopping = true;
        log("stopping: SIGTERM to every generation, SIGKILL after " + seconds(options.stopTimeout()));
        if (respawn != null) {
            respawn.cancel(false);
        }
        refuseWaiting("the supervisor is stopping");
        for (Generation generation : List.copyOf(live)) {
            if (generation.state() != State.DRAINING) {
                drain(generation, "the supervisor is stopping");
            }
        }
        candidate = null;
        current = null;
    }

    private void drain(Generation generation, String why) {
        generation.enter(State.DRAINING, Instant.now());
        log(generation + " draining: " + why);
        posix.signal(generation.pid(), Posix.SIGTERM);
        after(options.stopTimeout(), () -> {
            // Still draining means not yet reaped, so the pid cannot have been reused.
            if (generation.state() == State.DRAINING) {
                log(generation + " did not stop within " + seconds(options.stopTimeout()) + ": SIGKILL");
                generation.markKilled();
                killedWhileStopping |= stopping;
                // The whole process group: what a killed generation started would otherwise live on.
                posix.signal(-generation.pid(), Posix.SIGKILL);
            }
        });
    }

    private void scheduleRespawn(Duration lifetime) {
        if (stopping || respawn != null) {
            return;
        }
        Duration delay = backoff.afterDeath(lifetime);
        log("no generation serves: starting one " + (delay.isZero() ? "now" : "in " + seconds(delay)));
        respawn = timers.schedule(() -> events.add(() -> {
            respawn = null;
            if (candidate == null && !stopping) {
                askedAt = Instant.now();
                startCandidate();
            }
        }), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void startMergedRestart() {
        if (oneMore && !stopping && candidate == null) {
            oneMore = false;
            waiting.addAll(merged);
            merged = new ArrayList<>();
            askedAt = Instant.now();
            startCandidate();
        }
    }

    private void refuseWaiting(String reason) {
        for (CompletableFuture<String> outcome : waiting) {
            outcome.completeExceptionally(new RestartRefusedException(reason));
        }
        waiting = new ArrayList<>();
        if (stopping) {
            merged.forEach(o -> o.completeExceptionally(new RestartRefusedException(reason)));
            merged = new ArrayList<>();
        }
    }

    private void after(Duration delay, Runnable event) {
        timers.schedule(() -> events.add(event), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private Generation find(int number) {
        return live.stream().filter(g -> g.number() == number).findFirst().orElse(null);
    }
}

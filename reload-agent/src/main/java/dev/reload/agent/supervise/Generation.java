package dev.reload.agent.supervise;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One run of the command, and where it is in its life: starting, ready, draining, gone. Changed only on the
 * supervisor's loop thread; read by the status report through {@link #snapshot()}.
 */
final class Generation {

    /** Where a generation is in its life. */
    enum State {
        /** started, not ready yet: the old generation still serves. */
        STARTING,
        /** serving; the one that newer generations replace. */
        READY,
        /** sent SIGTERM, finishing what it has. */
        DRAINING,
        /** exited and reaped. */
        GONE;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final int number;
    private final long pid;
    private final Instant started;
    private final OutputPump output;
    private volatile State state = State.STARTING;
    private volatile Instant since;
    private boolean killed;

    Generation(int number, long pid, Instant started, OutputPump output) {
        this.number = number;
        this.pid = pid;
        this.started = started;
        this.since = started;
        this.output = output;
    }

    int number() {
        return number;
    }

    long pid() {
        return pid;
    }

    State state() {
        return state;
    }

    void enter(State next, Instant now) {
        state = next;
        since = now;
    }

    /** @return how long it has run */
    Duration age(Instant now) {
        return Duration.between(started, now);
    }

    /** @return how long it has been in its current state */
    Duration inState(Instant now) {
        return Duration.between(since, now);
    }

    void markKilled() {
        killed = true;
    }

    boolean killed() {
        return killed;
    }

    List<String> lastLines() {
        return output.tail();
    }

    /** @return the generation as the status report shows it */
    Snapshot snapshot() {
        return new Snapshot(number, pid, state.label(), since);
    }

    @Override
    public String toString() {
        return "generation " + number + " (pid " + pid + ")";
    }

    /**
     * A generation at one moment, for the status report.
     *
     * @param number its number, from 1
     * @param pid    its process id
     * @param state  starting, ready, draining or gone
     * @param since  when it entered that state
     */
    record Snapshot(int number, long pid, String state, Instant since) {
    }
}

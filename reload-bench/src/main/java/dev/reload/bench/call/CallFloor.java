package dev.reload.bench.call;

import dev.reload.bench.subject.PlusOne;
import dev.reload.bench.subject.Scorer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;

/**
 * The least any swap-safe proxy can cost on this machine, whatever its design: hand-written stand-ins for the call
 * path, each one step from the direct call, none of them reload's code.
 *
 * <ul>
 *   <li>{@code routeOnly}: read the current route from a volatile field and call its target. A proxy that counts
 *       nothing, and so cannot tell when an old version's last call returned, costs at least this.</li>
 *   <li>{@code countedIn}: the same, plus one opaque increment of a counter only this thread writes, handed to the
 *       call for free.</li>
 *   <li>{@code countedInAndOut}: a call counted in and out as the asymmetric gate counts an owner's calls (opaque
 *       increment, the route re-read, the call, a release increment), with the thread's counters handed to it for
 *       free: the gate's path without the cost of finding the thread's cell.</li>
 * </ul>
 *
 * The route is read from a volatile field in every variant, as the proxy reads it, which also keeps the compiler from
 * folding the loop's counter updates into one.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@Threads(1)
@State(Scope.Thread)
public class CallFloor {

    private static final VarHandle ENTERED;
    private static final VarHandle EXITED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            ENTERED = lookup.findVarHandle(Counters.class, "entered", long.class);
            EXITED = lookup.findVarHandle(Counters.class, "exited", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Scorer direct;
    private volatile Target route;
    private Counters counters;
    private int x;

    @Setup(Level.Trial)
    public void setUp() {
        direct = new PlusOne();
        route = new Target(new PlusOne());
        counters = new Counters();
        x = 4_242;
    }

    @Benchmark
    public int direct() {
        return direct.score(x);
    }

    @Benchmark
    public int routeOnly() {
        return route.scorer.score(x);
    }

    @Benchmark
    public int countedIn() {
        Target r = route;
        countIn(counters);
        return r.scorer.score(x);
    }

    @Benchmark
    public int countedInAndOut() {
        Target r = route;
        Counters c = counters;
        countIn(c);
        VarHandle.acquireFence();
        if (route != r) {
            throw new IllegalStateException("the route never changes here");
        }
        int result = r.scorer.score(x);
        EXITED.setRelease(c, c.exited + 1);
        return result;
    }

    private static void countIn(Counters c) {
        ENTERED.setOpaque(c, c.entered + 1);
    }

    private static final class Target {
        final Scorer scorer;

        Target(Scorer scorer) {
            this.scorer = scorer;
        }
    }

    private static final class Counters {
        long entered;
        long exited;
    }
}

package dev.reload.bench.call;

import dev.reload.runtime.proxy.Route;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Where the proxy's time goes, without the interface call: the gate's two counter updates alone, then the slot's
 * enter (route read, gate enter, route re-check) with the route's exit; each with the gate in force and with the
 * atomic one.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public abstract class CallPathParts {

    @Benchmark
    public void gateEnterExit(GateSubjects s) {
        s.gate.enter();
        s.gate.exit();
    }

    @Benchmark
    public Route slotEnterExit(GateSubjects s) {
        Route route = s.slot.enter();
        route.exit();
        return route;
    }

    @Benchmark
    public void gateEnterExitAtomic(GateSubjects s) {
        s.atomicGate.enter();
        s.atomicGate.exit();
    }

    @Benchmark
    public Route slotEnterExitAtomic(GateSubjects s) {
        Route route = s.atomicSlot.enter();
        route.exit();
        return route;
    }
}

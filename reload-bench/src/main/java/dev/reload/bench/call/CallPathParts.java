package dev.reload.bench.call;

import dev.reload.runtime.proxy.Route;
import dev.reload.runtime.proxy.ServiceSlot;
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
 * entry (route read, gate enter, route re-check) with the route's exit, as the proxy does them; each with the gate
 * in force and with the atomic one.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public abstract class CallPathParts {

    @Benchmark
    public void gateEnterExit(GateSubjects s) {
        s.gate.exit(s.gate.enter());
    }

    @Benchmark
    public Route slotEnterExit(GateSubjects s) {
        return enterAndExit(s.slot);
    }

    @Benchmark
    public void gateEnterExitAtomic(GateSubjects s) {
        s.atomicGate.exit(s.atomicGate.enter());
    }

    @Benchmark
    public Route slotEnterExitAtomic(GateSubjects s) {
        return enterAndExit(s.atomicSlot);
    }

    /** What a proxy does around the call: the route, the fast entry, the fall-back, the exit with the ticket. */
    private static Route enterAndExit(ServiceSlot slot) {
        Route route = slot.route();
        int ticket = slot.tryEnter(route);
        if (ticket == ServiceSlot.MISSED) {
            route = slot.enter();
            ticket = route.ticket();
        }
        route.exit(ticket);
        return route;
    }
}

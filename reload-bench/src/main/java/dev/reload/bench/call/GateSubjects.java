package dev.reload.bench.call;

import dev.reload.bench.subject.PlusOne;
import dev.reload.bench.subject.Scorer;
import dev.reload.runtime.proxy.Route;
import dev.reload.runtime.proxy.ServiceSlot;
import dev.reload.runtime.proxy.VersionGate;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The parts of the proxy's call path, shared by the threads of a run as a proxy's are. */
@State(Scope.Benchmark)
public class GateSubjects {

    VersionGate gate;
    ServiceSlot slot;
    VersionGate atomicGate;
    ServiceSlot atomicSlot;

    @Setup(Level.Trial)
    public void setUp() {
        gate = new VersionGate();
        slot = new ServiceSlot(Scorer.class, null, "not yet routed");
        slot.reroute(new Route(new PlusOne(), new VersionGate(), "bench", "1.0.0"), "routed");
        atomicGate = VersionGate.atomic();
        atomicSlot = new ServiceSlot(Scorer.class, null, "not yet routed");
        atomicSlot.reroute(new Route(new PlusOne(), VersionGate.atomic(), "bench", "1.0.0"), "routed");
    }
}

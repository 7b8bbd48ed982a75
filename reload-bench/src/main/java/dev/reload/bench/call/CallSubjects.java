package dev.reload.bench.call;

import dev.reload.bench.subject.PlusOne;
import dev.reload.bench.subject.Scorer;
import dev.reload.runtime.proxy.Route;
import dev.reload.runtime.proxy.ServiceProxyFactory;
import dev.reload.runtime.proxy.ServiceSlot;
import dev.reload.runtime.proxy.VersionGate;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * What the call-cost benchmarks call on a first version, shared by the threads of a run as one service is shared by
 * an application's threads.
 */
@State(Scope.Benchmark)
public class CallSubjects {

    Scorer direct;
    Scorer proxy;
    Scorer proxyAtomicGate;
    Scorer proxySettingContextLoader;
    Scorer handWritten;

    @Setup(Level.Trial)
    public void setUp() {
        direct = new PlusOne();
        proxy = proxyOn(new PlusOne(), "1.0.0").proxy();
        proxyAtomicGate = proxyOn(new Route(new PlusOne(), VersionGate.atomic(), "bench", "1.0.0")).proxy();
        proxySettingContextLoader = proxyOn(Route.settingContextLoader(Scorer.class, new PlusOne(),
                new URLClassLoader("bench-plugin", new URL[0], CallSubjects.class.getClassLoader()),
                new VersionGate(), "bench", "1.0.0")).proxy();
        handWritten = HandWrittenProxy.of(new PlusOne());
    }

    static Swappable proxyOn(Scorer target, String version) {
        return proxyOn(route(target, version));
    }

    static Swappable proxyOn(Route route) {
        ServiceSlot slot = new ServiceSlot(Scorer.class, null, "not yet routed");
        Scorer proxy = ServiceProxyFactory.create(Scorer.class, slot);
        slot.reroute(route, "routed");
        return new Swappable(slot, proxy);
    }

    static Route route(Scorer target, String version) {
        return new Route(target, new VersionGate(), "bench", version);
    }

    /** A proxy with the slot that swaps it. */
    record Swappable(ServiceSlot slot, Scorer proxy) {
    }
}

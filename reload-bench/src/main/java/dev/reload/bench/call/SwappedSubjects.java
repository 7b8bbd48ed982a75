package dev.reload.bench.call;

import dev.reload.bench.subject.PlusOne;
import dev.reload.bench.subject.Scorer;
import dev.reload.bench.subject.ScorerClasses;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A proxy that has been swapped through {@value #SWAPS} distinct implementation classes, each in a class loader of
 * its own and each called long enough to be profiled, as a long-running service's proxy is; and, for comparison, a
 * plain interface call site fed the same classes. Set up only in the forks of the benchmarks that use it.
 */
@State(Scope.Benchmark)
public class SwappedSubjects {

    /** How many versions the proxy went through. */
    static final int SWAPS = 100;
    /** Calls per version: enough for the interpreter and C1 to record each class at the call sites. */
    private static final int CALLS_PER_VERSION = 20_000;

    Scorer swappedProxy;
    /** The last of the generated classes, also the target of {@link #swappedProxy}. */
    Scorer lastVersion;

    /** Keeps set-up's calls from being optimised away. */
    public int sink;

    @Setup(Level.Trial)
    public void setUp() {
        CallSubjects.Swappable swappable = CallSubjects.proxyOn(new PlusOne(), "1.0.0");
        for (int v = 1; v <= SWAPS; v++) {
            Scorer next = ScorerClasses.newInstance("bench.generated.ScorerV" + v, v);
            swappable.slot().reroute(CallSubjects.route(next, "1.0." + v), "swapping");
            for (int i = 0; i < CALLS_PER_VERSION; i++) {
                sink += swappable.proxy().score(i);
                sink += SharedCallSite.call(next, i);
            }
            lastVersion = next;
        }
        swappedProxy = swappable.proxy();
    }
}

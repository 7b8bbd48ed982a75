package dev.reload.bench.call;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The cost of one call of {@code int score(int)}, by route to the implementation. Subclasses fix the thread count,
 * so one JMH run measures one and two threads side by side. Each method returns the result, which JMH consumes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public abstract class CallCost {

    /** The floor: an interface call on the implementation, the call site seeing one class. */
    @Benchmark
    public int direct(CallSubjects s, CallInput in) {
        return s.direct.score(in.x);
    }

    /**
     * The reload proxy on its first version: gate enter, route re-check, interface call, gate exit; with the
     * asymmetric gate where it is in force, plain stores to a cell only the calling thread writes.
     */
    @Benchmark
    public int proxy(CallSubjects s, CallInput in) {
        return s.proxy.score(in.x);
    }

    /**
     * The same proxy on a version whose gate takes the atomic path, an atomic add on enter and on exit, as every gate
     * does where the swap's process-wide barrier is not available: the gate before the asymmetric one, measured in
     * the same run.
     */
    @Benchmark
    public int proxyAtomicGate(CallSubjects s, CallInput in) {
        return s.proxyAtomicGate.score(in.x);
    }

    /**
     * The reload proxy on a version that asks for its class loader as the thread's context class loader during every
     * call ({@code Reload-Context-Class-Loader: plugin}): the plain proxy's path, plus setting the context class
     * loader before the call and the caller's back after it.
     */
    @Benchmark
    public int proxySettingContextLoader(CallSubjects s, CallInput in) {
        return s.proxySettingContextLoader.score(in.x);
    }

    /** The same proxy class after 100 swaps to 100 distinct implementation classes. */
    @Benchmark
    public int proxyAfter100Swaps(SwappedSubjects s, CallInput in) {
        return s.swappedProxy.score(in.x);
    }

    /** A direct interface call at a call site that has seen the same 100 classes: megamorphic, without the proxy. */
    @Benchmark
    public int directAfter100Classes(SwappedSubjects s, CallInput in) {
        return SharedCallSite.call(s.lastVersion, in.x);
    }

    /** {@code java.lang.reflect.Proxy} delegating through an {@code AtomicReference}. */
    @Benchmark
    public int handWrittenProxy(CallSubjects s, CallInput in) {
        return s.handWritten.score(in.x);
    }
}

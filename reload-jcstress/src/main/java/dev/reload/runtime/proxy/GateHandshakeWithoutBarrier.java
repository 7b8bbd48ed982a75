package dev.reload.runtime.proxy;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * {@link GateHandshake} without the barrier: the outcome {@link GateHandshakeWithBarrier} forbids is "interesting"
 * here, so that jcstress runs both; the build requires seeing it, which shows the barrier is what prevents it.
 */
@JCStressTest
@Outcome(id = "1, 0", expect = Expect.ACCEPTABLE_INTERESTING, desc = "the drain read zero while the call was inside the old version: what the barrier forbids")
@Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "the call is inside the old version, and the drain counted it")
@Outcome(id = "2, 0", expect = Expect.ACCEPTABLE, desc = "the call took the new route; nothing inside the old one")
@Outcome(id = "2, 1", expect = Expect.ACCEPTABLE, desc = "the drain read the call's count before it saw the swap and "
        + "turned back")
@State
public class GateHandshakeWithoutBarrier extends GateHandshake {

    @Actor
    public void caller(II_Result r) {
        call(r);
    }

    @Actor
    public void swapper(II_Result r) {
        swap(r, false);
    }
}

package dev.reload.bench.call;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.ThreadLocalRandom;

/** A per-thread argument read from a field, so the compiler cannot fold the call into a constant. */
@State(Scope.Thread)
public class CallInput {

    public int x;

    @Setup(Level.Trial)
    public void setUp() {
        x = ThreadLocalRandom.current().nextInt(1_000, 1_000_000);
    }
}

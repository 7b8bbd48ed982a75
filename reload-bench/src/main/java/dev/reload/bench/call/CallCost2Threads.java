package dev.reload.bench.call;

import org.openjdk.jmh.annotations.Threads;

/** {@link CallCost} with two threads calling the same objects at once. */
@Threads(2)
public class CallCost2Threads extends CallCost {
}

package dev.reload.bench.call;

import org.openjdk.jmh.annotations.Threads;

/** {@link CallCost} with one calling thread. */
@Threads(1)
public class CallCost1Thread extends CallCost {
}

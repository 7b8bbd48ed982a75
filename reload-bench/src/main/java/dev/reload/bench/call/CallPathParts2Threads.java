package dev.reload.bench.call;

import org.openjdk.jmh.annotations.Threads;

/** {@link CallPathParts} with two threads on the same gate and slot. */
@Threads(2)
public class CallPathParts2Threads extends CallPathParts {
}

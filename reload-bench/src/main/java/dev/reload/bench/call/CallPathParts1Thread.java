package dev.reload.bench.call;

import org.openjdk.jmh.annotations.Threads;

/** {@link CallPathParts} with one thread. */
@Threads(1)
public class CallPathParts1Thread extends CallPathParts {
}

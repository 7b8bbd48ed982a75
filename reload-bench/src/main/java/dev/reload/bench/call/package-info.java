/**
 * The cost of one call, in JMH: the direct interface call (the floor), the reload proxy on its first version, the
 * same kind of proxy after 100 swaps to 100 distinct classes, and the {@code java.lang.reflect.Proxy} people write
 * by hand, each at one and at two threads. {@link dev.reload.bench.call.CallCostSuite} runs them and tabulates each
 * against the floor of the same run.
 */
package dev.reload.bench.call;

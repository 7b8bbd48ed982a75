/**
 * Benchmarks of reload, run by {@code reload-bench/run.sh}; see {@code BENCHMARKS.md} at the repository root for what
 * each measures and the last results.
 *
 * <p>{@code call}: JMH benchmarks of one call through a proxy. {@code guard}: the quick call-cost check the default
 * build runs. {@code engine}: swap latency, calls during swaps, retirement and memory, measured on a running engine
 * from the outside (events, timestamps, the JVM's management beans). {@code startup}: what the agent adds before
 * {@code main}. {@code subject}: the service interface and the generated implementations all of them call.
 * {@code report}: percentiles and result tables.
 */
package dev.reload.bench;

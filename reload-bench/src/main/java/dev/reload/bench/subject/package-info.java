/**
 * What the benchmarks call: one small service interface, a plain implementation for the direct-call floor, and a
 * generator of distinct implementation classes, so that a call site can be made to see as many classes as a
 * long-running service sees versions.
 */
package dev.reload.bench.subject;

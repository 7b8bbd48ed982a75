/** Percentiles of measured samples and the Markdown tables the benchmarks write into the results directory. */
package dev.reload.bench.report;

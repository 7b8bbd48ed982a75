package dev.reload.bench.report;

import java.util.Arrays;

/**
 * Durations measured once per event (a swap, a start-up), kept exactly: a few hundred samples need no histogram.
 * Percentiles are by nearest rank, so p99 of fewer than 100 samples is the largest one.
 */
public final class Samples {

    private long[] nanos = new long[16];
    private int size;

    public void add(long durationNanos) {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        nanos[size++] = durationNanos;
    }

    public int size() {
        return size;
    }

    /**
     * @param percentile 0 to 100
     * @return the sample at that rank, in nanoseconds
     * @throws IllegalStateException if there is no sample
     */
    public long percentile(double percentile) {
        if (size == 0) {
            throw new IllegalStateException("no samples");
        }
        long[] sorted = Arrays.copyOf(nanos, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percentile / 100.0 * size);
        return sorted[Math.max(0, Math.min(size - 1, rank - 1))];
    }

    public long median() {
        return percentile(50);
    }

    public long max() {
        return percentile(100);
    }

    public long min() {
        return percentile(0);
    }
}

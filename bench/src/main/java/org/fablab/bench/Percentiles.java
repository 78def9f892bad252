package org.fablab.bench;

/** Nearest-rank percentiles of sorted samples, as every benchmark here reports them. */
public final class Percentiles {
    private Percentiles() {
    }

    /**
     * The smallest sample that at least {@code p} % of the samples do not exceed.
     *
     * @param sorted samples in ascending order, at least one
     * @param p      1 to 100
     */
    public static long of(long[] sorted, int p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        if (p < 1 || p > 100) {
            throw new IllegalArgumentException("percentile must be 1 to 100, was " + p);
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}

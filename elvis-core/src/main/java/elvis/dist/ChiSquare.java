package elvis.dist;

/**
 * Pearson's χ² goodness of fit of bucket counts against a {@link Histogram}'s weights, with cells of
 * expected count below 5 pooled into one: how tests of anything drawn from a histogram check it.
 */
public final class ChiSquare {
    private ChiSquare() {}

    /** χ² of observed bucket counts against the histogram's weights (pooled cells: see {@link #degrees}). */
    public static double statistic(long[] observed, Histogram h) {
        long n = 0;
        for (long o : observed) n += o;
        double chi = 0, pooledExpected = 0, pooledObserved = 0;
        for (int i = 0; i < observed.length; i++) {
            double e = n * h.weight(i) / h.totalWeight();
            if (e < 5) {
                pooledExpected += e;
                pooledObserved += observed[i];
            } else {
                chi += (observed[i] - e) * (observed[i] - e) / e;
            }
        }
        if (pooledExpected > 0) chi += (pooledObserved - pooledExpected) * (pooledObserved - pooledExpected) / pooledExpected;
        return chi;
    }

    /** The degrees of freedom of {@link #statistic}: cells (the pooled one counting once) minus one. */
    public static int degrees(long n, Histogram h) {
        int cells = 0;
        boolean pooled = false;
        for (int i = 0; i < h.buckets(); i++) {
            if (n * h.weight(i) / h.totalWeight() < 5) pooled |= h.weight(i) > 0; else cells++;
        }
        return cells + (pooled ? 1 : 0) - 1;
    }

    /** The 99th percentile of χ² with {@code df} degrees of freedom (Wilson–Hilferty; within 0.5% for df ≥ 3). */
    public static double critical1Percent(int df) {
        double z = 2.3263478740408408, a = 2.0 / (9 * df);
        double c = 1 - a + z * Math.sqrt(a);
        return df * c * c * c;
    }
}

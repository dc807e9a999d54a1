package elvis.web.user;

/** Jain's fairness index (Jain, Chiu and Hawe, 1984): (Σx)² / (n·Σx²), 1 when all get the same, 1/n when one gets all. */
public final class Fairness {
    private Fairness() { }

    /** The index of {@code shares}; 1 for no shares or all zero (nobody is favoured). */
    public static double jain(long[] shares) {
        double sum = 0, squares = 0;
        for (long x : shares) {
            sum += x;
            squares += (double) x * x;
        }
        return squares == 0 ? 1 : sum * sum / (shares.length * squares);
    }
}

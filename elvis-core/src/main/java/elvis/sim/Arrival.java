package elvis.sim;

/**
 * An arrival over a point-to-point link, scheduled with {@link Simulator#arrival}: it runs before
 * the other events of its instant, and arrivals of one instant run by ({@link #link}, {@link #seq}).
 * The key depends only on the model, never on when or in which kernel the arrival was scheduled.
 */
public abstract class Arrival implements Runnable {
    /** A stable, model-wide unique key of the link direction (derived from names, not from identities or counters). */
    public abstract long link();

    /** The frame's number on that direction. Read only while the arrival is pending, so it may be computed. */
    public abstract long seq();
}

package elvis.routing;

/**
 * A routing application that can tell which AS a route it installed comes from (BGP: the origin AS
 * of its best path), so that an IGP redistributing the route can tag it ({@link Redistribute#sourceAs}).
 */
public interface SourceAs {
    /** The AS the route to prefix/length comes from, or 0 when unknown. */
    long sourceAs(int prefix, int length);
}

package elvis.link;

/** Collects the {@link FloodKey}s of the broadcast frames a receiver acts on. */
@FunctionalInterface
public interface FloodInterest {
    void want(long key);
}

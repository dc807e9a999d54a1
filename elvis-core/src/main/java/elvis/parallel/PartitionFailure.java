package elvis.parallel;

/** Another partition (or the transport between them) failed: the run cannot go on. The message says which and why. */
public final class PartitionFailure extends RuntimeException {
    public PartitionFailure(String message) { super(message, null, false, false); }
}

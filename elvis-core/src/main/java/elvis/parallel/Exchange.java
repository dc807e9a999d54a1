package elvis.parallel;

import elvis.link.CutFrame;

import java.util.List;

/**
 * The partition transport: what one partition of a parallel run needs from the others, once per
 * synchronous window. Every partition calls the same operations in the same order (the window loop
 * of {@link PartitionRunner}), so each is a collective: it returns when every partition has made it.
 * {@link InProcessExchange} connects partitions run by threads of one process; the MPI transport
 * (module elvis-mpi) connects processes.
 *
 * <p>An implementation never hangs when a partition fails: {@link #abort} (or the death of a process)
 * makes every partition's current and later calls throw {@link PartitionFailure} naming the cause.
 */
public interface Exchange extends AutoCloseable {
    /** This partition's number, 0 .. {@link #partitions()} − 1. */
    int partition();

    int partitions();

    /**
     * Called once, before the first window: the partitions this one shares cut links with (it sends
     * to and receives from exactly these, ascending; the relation is symmetric).
     */
    void neighbours(int[] partitions);

    /**
     * Sends each neighbour the frames addressed to it (one buffer per neighbour, empty ones too) and
     * returns the frames the neighbours sent to this partition, in any order: the kernel orders them.
     */
    List<CutFrame> exchange(List<CutFrame> outgoing);

    /** Every partition's {@code values} (all of one length), indexed by partition: an allgather. */
    long[][] allGather(long[] values);

    /**
     * Gathers every partition's {@code bytes} at partition 0, by partition; other partitions get
     * null. For what a run ends with: each partition's results and captures, merged by partition 0.
     */
    byte[][] gather(byte[] bytes);

    /** This partition failed ({@code why}): every partition's next or current call throws. Never throws itself. */
    void abort(String why);

    /** Releases what the transport holds; after a run, or after a failure. */
    @Override void close();
}

package elvis.ndl.model;

import elvis.config.Attribute;
import elvis.config.Schema;
import elvis.ndl.Pos;

/**
 * A {@code partition='N'} override on a [Machine] or an [AS]: its machines run in partition N of a
 * parallel run. Whether N exists depends on the run's partition count, so the partitioner checks it.
 *
 * @param pos where the value is written, for the partitioner's errors
 */
public record PartitionPin(int partition, Pos pos) {
    /** Most partitions a run may have (an MPI job of this many ranks is far beyond any one description). */
    public static final int MAX_PARTITIONS = 65_536;

    private static final Schema.Builder DECLARE = Schema.builder("partition");
    public static final Attribute<Integer> PARTITION = DECLARE.add(Attribute.integer("partition", 0, MAX_PARTITIONS - 1).byDefault(0, "placed automatically")
            .doc("on a `[Machine]` or an `[AS]` (all its machines, unless a machine sets its own): run the machines in partition N (0-based) "
                    + "of a parallel run (`elvis run --threads`, `--mpi`; docs/parallel.md), the others are placed around them; N must be below "
                    + "the run's partition count, and machines a LAN, a bridge, a zero-delay link or an AS's global routing keeps together "
                    + "must not be pinned apart. A sequential run ignores it"));
    /** The override's declaration, for docs/ndl.md. */
    public static final Schema SCHEMA = DECLARE.build();
}

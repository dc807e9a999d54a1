package elvis.mpi;

import java.lang.foreign.MemorySegment;

/**
 * Open MPI's predefined handles, all in one place. In Open MPI's mpi.h each is the address of a
 * global of libmpi (MPI_COMM_WORLD is {@code &ompi_mpi_comm_world}, MPI_BYTE {@code &ompi_mpi_byte},
 * MPI_MIN {@code &ompi_mpi_op_min}, ...), so here each is that symbol's address. Other MPI
 * implementations number their handles instead, which is why Elvis calls Open MPI only.
 */
final class MpiHandles {
    private MpiHandles() { }

    static final MemorySegment COMM_WORLD = Mpi.symbol("ompi_mpi_comm_world");
    static final MemorySegment BYTE = Mpi.symbol("ompi_mpi_byte");
    static final MemorySegment INT = Mpi.symbol("ompi_mpi_int");
    /** C long: 64 bits on the LP64 systems Open MPI 4 runs on here. */
    static final MemorySegment LONG = Mpi.symbol("ompi_mpi_long");
    /** Errors are returned to the caller instead of ending the process, so the transport can say which call failed. */
    static final MemorySegment ERRORS_RETURN = Mpi.symbol("ompi_mpi_errors_return");
}

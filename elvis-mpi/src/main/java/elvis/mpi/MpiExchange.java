package elvis.mpi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import elvis.link.CutFrame;
import elvis.parallel.Exchange;
import elvis.parallel.PartitionFailure;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The partition transport between the processes of an MPI job (Open MPI's {@code mpirun}): partition
 * r is rank r of MPI_COMM_WORLD. A window's frames go to each neighbour as one buffer
 * ({@link FrameCodec}) with MPI_Isend, received with MPI_Irecv posted beforehand; the allgather and
 * the gather at partition 0 are MPI_Allgather and MPI_Gather(v).
 *
 * <p>A receiver cannot know a buffer's size before it comes, so every buffer's first {@code firstPart}
 * bytes (1 MiB: all of nearly every window's) travel in one message into a buffer posted in advance,
 * and the rest, when there is more, in a second message the receiver posts once the first told it the
 * size.
 *
 * <p>Failures. An MPI call that fails throws {@link PartitionFailure} with MPI's reason. {@link #abort}
 * prints why on standard error and calls MPI_Abort, which ends every process of the job; mpirun then
 * exits non-zero. A process that dies (killed, or exited without closing its transport) makes mpirun
 * end the others: they are terminated, and a shutdown hook prints on each that the run did not end,
 * so every rank says what happened and none waits forever.
 *
 * <p>One per process: MPI is initialised once ({@link #start}) and finalised by {@link #close}.
 * Calls are serialized (MPI_THREAD_SERIALIZED); {@link #abort} may come from any thread at any time.
 */
public final class MpiExchange implements Exchange {
    static final int TAG_FRAMES = 1, TAG_MORE = 2;
    static final int FIRST_PART = 1 << 20;

    private enum State { RUNNING, ABORTED, CLOSED }

    private static MpiExchange started;

    private final int rank, size, firstPart;
    private final Arena arena = Arena.ofAuto();
    private final MemorySegment scalar = arena.allocate(JAVA_INT);
    private final FrameCodec codec = new FrameCodec();
    private volatile State state = State.RUNNING;

    private int[] neighbours = new int[0];
    private int[] slotOf;                       // partition -> index in neighbours, -1 when not one
    private List<CutFrame>[] bySlot;            // this window's frames per neighbour
    private MemorySegment[] sendBuffers, recvBuffers;
    private MemorySegment requests;             // MPI_Request per receive, send and second part of a send
    private MemorySegment longsOut, longsIn;    // the allgather's, kept while the length is the same
    private long secondParts;                   // buffers received in two messages

    private MpiExchange(int rank, int size, int firstPart) {
        this.rank = rank;
        this.size = size;
        this.firstPart = firstPart;
        slotOf = new int[size];
        Arrays.fill(slotOf, -1);
    }

    /**
     * Why this process cannot be a partition of an MPI run: Open MPI's libmpi missing, or the process
     * not started by Open MPI's mpirun. Null when it can.
     */
    public static String unavailable() {
        String load = Mpi.loadError();
        if (load != null) return load;
        if (System.getenv("OMPI_COMM_WORLD_SIZE") == null) return "this process was not started by Open MPI's mpirun (OMPI_COMM_WORLD_SIZE is not set)";
        return null;
    }

    /** Joins the MPI job this process was started in (MPI_Init), as the partition of its rank. Once per process. */
    public static MpiExchange start() { return start(FIRST_PART); }

    /** As {@link #start()}, with the size of a frame buffer's first message (tests make it small to exercise the second). */
    static synchronized MpiExchange start(int firstPart) {
        String why = unavailable();
        if (why != null) throw new IllegalStateException(why);
        if (started != null) throw new IllegalStateException("MPI was started already in this process: one partition transport per process");
        try (Arena init = Arena.ofConfined()) {
            MemorySegment out = init.allocate(JAVA_INT);
            check(Mpi.initThread(Mpi.THREAD_SERIALIZED, out), "MPI_Init_thread");
            check(Mpi.commSetErrhandler(MpiHandles.COMM_WORLD, MpiHandles.ERRORS_RETURN), "MPI_Comm_set_errhandler");
            check(Mpi.commRank(MpiHandles.COMM_WORLD, out), "MPI_Comm_rank");
            int rank = out.get(JAVA_INT, 0);
            check(Mpi.commSize(MpiHandles.COMM_WORLD, out), "MPI_Comm_size");
            MpiExchange exchange = new MpiExchange(rank, out.get(JAVA_INT, 0), firstPart);
            Runtime.getRuntime().addShutdownHook(new Thread(exchange::terminated, "elvis-mpi-exit"));
            started = exchange;
            return exchange;
        }
    }

    private static void check(int rc, String call) {
        if (rc != Mpi.SUCCESS) throw new PartitionFailure(call + " failed: " + Mpi.errorString(rc));
    }

    private void checkRunning() {
        if (state != State.RUNNING) throw new PartitionFailure("the MPI transport of rank " + rank + " is " + state.name().toLowerCase());
    }

    @Override public int partition() { return rank; }

    @Override public int partitions() { return size; }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized void neighbours(int[] partitions) {
        checkRunning();
        for (int i = 0; i < partitions.length; i++) {
            int p = partitions[i];
            if (p < 0 || p >= size || p == rank || (i > 0 && p <= partitions[i - 1])) {
                throw new IllegalArgumentException("neighbours of partition " + rank + " of " + size + " must be other partitions, ascending: " + Arrays.toString(partitions));
            }
        }
        neighbours = partitions.clone();
        Arrays.fill(slotOf, -1);
        int n = neighbours.length;
        bySlot = new List[n];
        sendBuffers = new MemorySegment[n];
        recvBuffers = new MemorySegment[n];
        for (int i = 0; i < n; i++) {
            slotOf[neighbours[i]] = i;
            bySlot[i] = new ArrayList<>();
            sendBuffers[i] = arena.allocate(FrameCodec.HEADER, 8);
            recvBuffers[i] = arena.allocate(firstPart, 8);
        }
        requests = arena.allocate(ADDRESS, Math.max(1, 3L * n));
    }

    @Override
    public synchronized List<CutFrame> exchange(List<CutFrame> outgoing) {
        checkRunning();
        int n = neighbours.length;
        for (CutFrame f : outgoing) {
            int slot = f.partition() >= 0 && f.partition() < size ? slotOf[f.partition()] : -1;
            if (slot < 0) throw new IllegalArgumentException("a frame for partition " + f.partition() + ", not a neighbour of partition " + rank);
            bySlot[slot].add(f);
        }
        List<CutFrame> in = new ArrayList<>();
        if (n == 0) return in;
        MemorySegment world = MpiHandles.COMM_WORLD, bytes = MpiHandles.BYTE;
        for (int i = 0; i < n; i++) check(Mpi.irecv(recvBuffers[i], firstPart, bytes, neighbours[i], TAG_FRAMES, world, request(i)), "MPI_Irecv");
        int sends = 0;
        for (int i = 0; i < n; i++) {
            long total = codec.size(bySlot[i]);
            if (total - firstPart > Integer.MAX_VALUE) throw new PartitionFailure("a window's frames for partition " + neighbours[i] + " take " + total + " bytes: more than MPI can send");
            if (sendBuffers[i].byteSize() < total) sendBuffers[i] = arena.allocate(Math.max(total, 2 * sendBuffers[i].byteSize()), 8);
            MemorySegment buffer = sendBuffers[i];
            codec.encode(bySlot[i], buffer, total);
            bySlot[i].clear();
            int first = (int) Math.min(total, firstPart);
            check(Mpi.isend(buffer, first, bytes, neighbours[i], TAG_FRAMES, world, request(n + sends++)), "MPI_Isend");
            if (total > firstPart) {
                check(Mpi.isend(buffer.asSlice(firstPart), (int) (total - firstPart), bytes, neighbours[i], TAG_MORE, world, request(n + sends++)), "MPI_Isend");
            }
        }
        check(Mpi.waitall(n, requests, Mpi.STATUS_IGNORE), "MPI_Waitall (receiving frames)");
        for (int i = 0; i < n; i++) {
            long total = FrameCodec.total(recvBuffers[i]);
            if (total > firstPart) {        // the rest follows: into a buffer that holds it all
                secondParts++;
                if (total - firstPart > Integer.MAX_VALUE) throw new PartitionFailure("partition " + neighbours[i] + " announced a frame buffer of " + total + " bytes");
                MemorySegment whole = arena.allocate(total, 8);
                whole.copyFrom(recvBuffers[i].asSlice(0, firstPart));
                check(Mpi.irecv(whole.asSlice(firstPart), (int) (total - firstPart), bytes, neighbours[i], TAG_MORE, world, request(0)), "MPI_Irecv");
                check(Mpi.waitall(1, requests, Mpi.STATUS_IGNORE), "MPI_Waitall (receiving frames)");
                FrameCodec.decode(whole, rank, in);
            } else {
                FrameCodec.decode(recvBuffers[i], rank, in);
            }
        }
        check(Mpi.waitall(sends, requests.asSlice(n * ADDRESS.byteSize()), Mpi.STATUS_IGNORE), "MPI_Waitall (sending frames)");
        return in;
    }

    /** How many neighbours' buffers came in two messages (the size of the first is {@code firstPart}). */
    synchronized long secondParts() { return secondParts; }

    private MemorySegment request(int i) { return requests.asSlice(i * ADDRESS.byteSize(), ADDRESS.byteSize()); }

    @Override
    public synchronized long[][] allGather(long[] values) {
        checkRunning();
        int n = values.length;
        if (longsOut == null || longsOut.byteSize() != 8L * Math.max(1, n)) {
            longsOut = arena.allocate(JAVA_LONG, Math.max(1, n));
            longsIn = arena.allocate(JAVA_LONG, (long) size * Math.max(1, n));
        }
        for (int i = 0; i < n; i++) longsOut.setAtIndex(JAVA_LONG, i, values[i]);
        check(Mpi.allgather(longsOut, n, MpiHandles.LONG, longsIn, n, MpiHandles.LONG, MpiHandles.COMM_WORLD), "MPI_Allgather");
        long[][] all = new long[size][n];
        for (int p = 0; p < size; p++) for (int i = 0; i < n; i++) all[p][i] = longsIn.getAtIndex(JAVA_LONG, (long) p * n + i);
        return all;
    }

    @Override
    public synchronized byte[][] gather(byte[] bytes) {
        checkRunning();
        MemorySegment world = MpiHandles.COMM_WORLD;
        try (Arena call = Arena.ofConfined()) {
            boolean root = rank == 0;
            MemorySegment counts = call.allocate(JAVA_INT, root ? size : 1);
            scalar.set(JAVA_INT, 0, bytes.length);
            check(Mpi.gather(scalar, 1, MpiHandles.INT, counts, 1, MpiHandles.INT, 0, world), "MPI_Gather");
            MemorySegment displacements = call.allocate(JAVA_INT, root ? size : 1);
            long total = 0;
            if (root) {
                for (int p = 0; p < size; p++) {
                    displacements.setAtIndex(JAVA_INT, p, (int) total);
                    total += counts.getAtIndex(JAVA_INT, p);
                }
                if (total > Integer.MAX_VALUE) throw new PartitionFailure("the partitions' results take " + total + " bytes: more than MPI can gather at once");
            }
            MemorySegment send = call.allocate(Math.max(1, bytes.length));
            MemorySegment.copy(bytes, 0, send, JAVA_BYTE, 0, bytes.length);
            MemorySegment recv = call.allocate(Math.max(1, total));
            check(Mpi.gatherv(send, bytes.length, MpiHandles.BYTE, recv, counts, displacements, MpiHandles.BYTE, 0, world), "MPI_Gatherv");
            if (!root) return null;
            byte[][] all = new byte[size][];
            for (int p = 0; p < size; p++) {
                long at = displacements.getAtIndex(JAVA_INT, p);
                all[p] = recv.asSlice(at, counts.getAtIndex(JAVA_INT, p)).toArray(JAVA_BYTE);
            }
            return all;
        }
    }

    /**
     * Prints {@code why} on standard error and ends the whole job (MPI_Abort): every rank stops and
     * mpirun exits non-zero. Not synchronized: it must work while another thread waits in a call.
     */
    @Override
    public void abort(String why) {
        if (state == State.CLOSED) return;
        state = State.ABORTED;
        System.out.flush();
        System.err.println("elvis: rank " + rank + " of " + size + ": " + why + "; ending every rank of the MPI job");
        System.err.flush();
        Mpi.abort(MpiHandles.COMM_WORLD, 1);
    }

    /** MPI_Finalize, once the run is over: after it no rank of the job is waiting for this one. */
    @Override
    public synchronized void close() {
        if (state != State.RUNNING) return;
        state = State.CLOSED;
        check(Mpi.finalizeMpi(), "MPI_Finalize");
    }

    /** The shutdown hook: the process ends while its partition is still part of a run, killed by mpirun or by a signal. */
    private void terminated() {
        if (state != State.RUNNING) return;
        System.out.flush();
        System.err.println("elvis: rank " + rank + " of " + size + " was stopped before the run ended: mpirun ends every rank when one fails"
                + " or the job is interrupted (mpirun's message names the rank)");
        System.err.flush();
    }
}

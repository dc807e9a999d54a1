package elvis.mpi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import elvis.link.CutFrame;
import elvis.link.FrameReceiver;
import elvis.message.Message;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * What MPI costs through FFM, between two ranks: a 64-byte round trip (Isend, Irecv, Waitall each
 * way), an allgather of one long, and the transport's own operations a window makes (an allgather
 * of four longs, an exchange with no frame and with ten 1500-byte frames each way). Median of
 * {@code rounds} rounds of {@code n} operations, in microseconds, printed by rank 0. Not a test: run
 * by hand, on a quiet machine, from the project's directory after a test-compile:
 * <pre>
 *   cp=elvis-core/target/classes:elvis-mpi/target/classes:elvis-mpi/target/test-classes
 *   mpirun --allow-run-as-root --oversubscribe -np 2 java --enable-native-access=ALL-UNNAMED -cp $cp elvis.mpi.MpiCosts
 *   mpirun ... --mca btl tcp,self ...     (Open MPI's TCP path, what ranks on separate hosts use)
 * </pre>
 */
public final class MpiCosts {
    private MpiCosts() { }

    interface Op { void run(); }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000, rounds = 7;
        MpiExchange exchange = MpiExchange.start();
        int rank = exchange.partition(), peer = 1 - rank;
        if (exchange.partitions() != 2) exchange.abort("run with mpirun -np 2");
        exchange.neighbours(new int[] {peer});
        Arena arena = Arena.ofAuto();
        MemorySegment buffer = arena.allocate(64), requests = arena.allocate(ADDRESS, 1);
        MemorySegment one = arena.allocate(JAVA_LONG), two = arena.allocate(JAVA_LONG, 2);
        MemorySegment world = MpiHandles.COMM_WORLD, bytes = MpiHandles.BYTE;

        Op roundTrip = () -> {
            if (rank == 0) {
                Mpi.isend(buffer, 64, bytes, peer, 9, world, requests);
                Mpi.waitall(1, requests, Mpi.STATUS_IGNORE);
                Mpi.irecv(buffer, 64, bytes, peer, 9, world, requests);
                Mpi.waitall(1, requests, Mpi.STATUS_IGNORE);
            } else {
                Mpi.irecv(buffer, 64, bytes, peer, 9, world, requests);
                Mpi.waitall(1, requests, Mpi.STATUS_IGNORE);
                Mpi.isend(buffer, 64, bytes, peer, 9, world, requests);
                Mpi.waitall(1, requests, Mpi.STATUS_IGNORE);
            }
        };
        Op allgatherOne = () -> Mpi.allgather(one, 1, MpiHandles.LONG, two, 1, MpiHandles.LONG, world);
        long[] four = {1, 2, 3, 4};
        Op windowValues = () -> exchange.allGather(four);
        List<CutFrame> none = List.of(), ten = new ArrayList<>();
        for (int i = 0; i < 10; i++) ten.add(new CutFrame(peer, i, 7, i, Message.zeros(1500), FrameReceiver.FCS_INTACT));
        Op emptyExchange = () -> exchange.exchange(none);
        Op tenFrames = () -> exchange.exchange(ten);

        report(exchange, "64-byte round trip (Isend, Irecv, Waitall)", roundTrip, n, rounds);
        report(exchange, "MPI_Allgather of one long", allgatherOne, n, rounds);
        report(exchange, "MpiExchange.allGather of four longs (a window's)", windowValues, n, rounds);
        report(exchange, "MpiExchange.exchange, no frame", emptyExchange, n, rounds);
        report(exchange, "MpiExchange.exchange, ten 1500-byte frames each way", tenFrames, n / 10, rounds);
        exchange.close();
    }

    private static void report(MpiExchange exchange, String what, Op op, int n, int rounds) {
        for (int i = 0; i < n; i++) op.run();       // warm-up: the JIT compiles the downcalls
        double[] us = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            exchange.allGather(new long[1]);        // both ranks start a round together
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) op.run();
            us[r] = (System.nanoTime() - t0) / 1e3 / n;
        }
        java.util.Arrays.sort(us);
        if (exchange.partition() == 0) System.out.printf("%-55s median %7.2f us (min %.2f, max %.2f)%n", what, us[rounds / 2], us[0], us[rounds - 1]);
    }
}

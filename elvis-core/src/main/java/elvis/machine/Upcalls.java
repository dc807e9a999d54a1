package elvis.machine;

import elvis.message.Message;
import elvis.sim.Simulator;

import java.util.Arrays;

/**
 * The kernel's deferred application work: the boundary between protocols and applications (BSD's
 * {@code sowakeup} only marks a process runnable; smoltcp runs the application after
 * {@code poll} returns). Protocol code never calls application code: it marks an {@link Upcall}, or
 * posts one datagram to it, and the first mark of an event asks the kernel to drain when that event
 * returns ({@link Simulator#afterEvent}), which runs the upcalls in the order they were marked. So
 * application code (a callback, a resumed process) runs only from the drain or from its own events,
 * never while a segment is half processed, and the boundary costs no kernel event. The drain belongs
 * to the event that marked, so a partitioned run drains at the same places as a sequential one.
 * Work marked while draining (an application closing a socket another process waits on) runs in
 * the same drain. The queue is a ring of reused arrays: marking allocates nothing once it has grown
 * to the batch size.
 */
public final class Upcalls implements Runnable {
    private static final int MAX_KEPT = 4096;
    private final Simulator sim;
    private Upcall[] targets = new Upcall[8];
    private Message[] data = new Message[8];      // null for a mark, the datagram for a post
    private int[] addresses = new int[8], ports = new int[8];
    private int head, count;
    private boolean scheduled;
    private long upcallsRun, drains;

    private Upcalls(Simulator sim) { this.sim = sim; }

    /** The kernel's queue, kept with it as a kernel extension. */
    public static Upcalls of(Simulator sim) { return sim.extension(Upcalls.class, Upcalls::new); }

    /** Queues {@code u} to {@link Upcall#run()} in this instant's drain, unless it is queued already. */
    public void mark(Upcall u) {
        if (u.marked) return;
        u.marked = true;
        if (count == targets.length) grow();
        targets[(head + count++) & (targets.length - 1)] = u;     // a free slot's datagram is null already
        if (!scheduled) {
            scheduled = true;
            sim.afterEvent(this);
        }
    }

    /** Queues one datagram for {@code u}'s {@link Upcall#run(Message, int, int)}, after the work queued before it. */
    public void post(Upcall u, Message datagram, int address, int port) { add(u, datagram, address, port); }

    private void add(Upcall u, Message m, int address, int port) {
        if (count == targets.length) grow();
        int i = (head + count++) & (targets.length - 1);
        targets[i] = u;
        data[i] = m;
        addresses[i] = address;
        ports[i] = port;
        if (!scheduled) {
            scheduled = true;
            sim.afterEvent(this);
        }
    }

    private void grow() {
        int n = targets.length;
        Upcall[] t = new Upcall[2 * n];
        Message[] d = new Message[2 * n];
        int[] a = new int[2 * n], p = new int[2 * n];
        for (int k = 0; k < count; k++) {
            int i = (head + k) & (n - 1);
            t[k] = targets[i];
            d[k] = data[i];
            a[k] = addresses[i];
            p[k] = ports[i];
        }
        targets = t;
        data = d;
        addresses = a;
        ports = p;
        head = 0;
    }

    /** The drain: runs everything queued, in order, each guarded so that an application that throws fails alone. */
    @Override
    public void run() {
        drains++;
        while (count > 0) {
            int i = head;
            Upcall u = targets[i];
            Message m = data[i];
            targets[i] = null;
            data[i] = null;
            head = (head + 1) & (targets.length - 1);
            count--;
            upcallsRun++;
            try {
                if (m == null) {
                    u.marked = false;            // marked again while it runs: it runs again
                    u.run();
                } else {
                    u.run(m, addresses[i], ports[i]);
                }
            } catch (RuntimeException | StackOverflowError e) {
                Application app = u.application();
                if (app != null) u.machine().fail(app, e);
                else u.machine().internalError("a deferred upcall", e);
            }
        }
        scheduled = false;
        if (targets.length > MAX_KEPT) {                 // a huge batch (a million senders at once) is not kept for the run
            targets = new Upcall[8];
            data = new Message[8];
            addresses = new int[8];
            ports = new int[8];
            head = 0;
        }
    }

    /** Upcalls run so far (marks and datagrams). */
    public long upcallsRun() { return upcallsRun; }

    /** Drains run so far (each at the end of an event that marked). */
    public long drains() { return drains; }
}

package elvis.trace;

import elvis.link.FrameTap;
import elvis.link.LinkDrop;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.machine.Nic;
import elvis.message.Message;
import elvis.sim.Simulator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Packet captures attached to a simulation. A capture holds the frames that were transmitted,
 * each stamped when its first bit left (a frame that waited in a queue shows when it left it), and
 * the frames that were dropped go to a drop log beside it ({@link DropLog}).
 * <ul>
 * <li>A network capture records each frame once, at the start of its transmission (for a frame
 *     copied to several ports, the earliest copy's), including frames lost on the wire, which were
 *     transmitted; its drop log holds every dropped copy: tail drops, frames over the MTU, frames
 *     lost on the wire and frames to an unknown destination.</li>
 * <li>A machine capture records, for each of the machine's NICs, the frames it transmitted (stamped
 *     the same way) and the frames that reached it, at their arrival and after any corruption on the
 *     link, like tcpdump on the host; its drop log holds the drops of frames it sent or that were
 *     on their way to it.</li>
 * </ul>
 * Taps learn of a queued frame's transmission when it is offered, so records are held until
 * simulated time passes them; closing writes those the run reached and forgets the rest. Close
 * the captures when the run ends.
 *
 * <p>Records of one instant are in a canonical order that every partitioning of a parallel run
 * reproduces ({@link TimeOrder}): by lane, then in the order they happened. A network capture of a
 * point-to-point link has a lane per end, port 0's first: what that end sends and the drops of
 * what it sent; a switched network is one lane. A machine capture has its own lane
 * first, then, ordered by link, the drops of frames on their way to it over point-to-point links
 * (which the far end's partition reports). In a partition of a parallel run ({@link #spooled}) the
 * records go to spools that {@link PartitionOutput} merges into the files.
 */
public final class Captures implements AutoCloseable {
    private static final long OWN_LANE = Long.MIN_VALUE;

    private final Simulator sim;
    private final int snaplen;
    private final boolean spooled;
    private final List<PcapWriter> writers = new ArrayList<>();
    private final List<DropLog> dropLogs = new ArrayList<>();
    private final List<TimeOrder<?>> orders = new ArrayList<>();
    private final Map<Path, TimeOrder<DropLog.Drop>> farEnds = new HashMap<>();

    /** Captures written into their files. */
    public Captures(Simulator sim, int snaplen) { this(sim, snaplen, false); }

    private Captures(Simulator sim, int snaplen, boolean spooled) {
        this.sim = sim;
        this.snaplen = snaplen;
        this.spooled = spooled;
    }

    /** The captures of one partition of a parallel run: spooled beside their files, for {@link PartitionOutput}. */
    public static Captures spooled(Simulator sim, int snaplen) { return new Captures(sim, snaplen, true); }

    /**
     * Captures {@code network} into {@code file}, and its drops into {@link DropLog#besides} it. In a
     * partition, for a cut link, this partition's half: its end's records.
     */
    public PcapWriter network(Network network, Path file) throws IOException {
        PcapWriter w = open(file);
        TimeOrder<Message> frames = order((t, lane, f) -> w.write(t, lane, f));
        DropLog log = openLog(DropLog.besides(file));
        TimeOrder<DropLog.Drop> drops = order(log::write);
        boolean ends = network.isPointToPoint();      // a lane per end; a switched network is one
        network.addTap(new FrameTap() {
            @Override public void transmitting(Network n, int from, Message frame, long start) { frames.add(sim.now(), start, ends ? from : 0, frame); }
            @Override public void dropped(Network n, int from, int to, Message frame, LinkDrop cause, long time) {
                // The end whose partition reports it: the pipe's sender (the other end of the link), or for no destination the sender.
                long lane = !ends ? 0 : to >= 0 ? 1 - to : from;
                drops.add(sim.now(), time, lane, new DropLog.Drop(n, from, to, frame, cause));
            }
        });
        return w;
    }

    /** Captures what {@code machine}'s NICs transmit and receive into {@code file}, and their drops into {@link DropLog#besides} it. */
    public PcapWriter machine(Machine machine, Path file) throws IOException {
        PcapWriter w = open(file);
        TimeOrder<Message> frames = order((t, lane, f) -> w.write(t, lane, f));
        DropLog log = openLog(DropLog.besides(file));
        TimeOrder<DropLog.Drop> drops = order(log::write);
        for (Nic nic : machine.nics()) {
            int mine = nic.port();
            Network network = nic.network();
            long farLane = network.isPointToPoint() ? farLane(network, mine) : OWN_LANE;
            network.addTap(new FrameTap() {
                @Override public void transmitting(Network n, int from, Message frame, long start) {
                    if (from == mine) frames.add(sim.now(), start, OWN_LANE, frame);
                }
                @Override public void arrived(Network n, int port, Message frame) {
                    if (port == mine) frames.add(sim.now(), sim.now(), OWN_LANE, frame);
                }
                @Override public void dropped(Network n, int from, int to, Message frame, LinkDrop cause, long time) {
                    if (from == mine) drops.add(sim.now(), time, OWN_LANE, new DropLog.Drop(n, from, to, frame, cause));
                    else if (to == mine) drops.add(sim.now(), time, farLane, new DropLog.Drop(n, from, to, frame, cause));
                }
            });
        }
        return w;
    }

    /**
     * In a partition of a parallel run: the far end of cut link {@code half} belongs to a machine
     * that another partition captures into {@code file}. The drops of frames on their way to it
     * happen here, in the sending half; they go into the drop log beside {@code file}.
     */
    public void farEnd(Network half, Path file) throws IOException {
        int far = remotePort(half);
        TimeOrder<DropLog.Drop> drops = farEnds.get(file);
        if (drops == null) farEnds.put(file, drops = order(openLog(DropLog.besides(file))::write));
        long lane = farLane(half, far);
        TimeOrder<DropLog.Drop> into = drops;
        half.addTap(new FrameTap() {
            @Override public void dropped(Network n, int from, int to, Message frame, LinkDrop cause, long time) {
                if (to == far) into.add(sim.now(), time, lane, new DropLog.Drop(n, from, to, frame, cause));
            }
        });
    }

    private static int remotePort(Network half) {
        for (int p = 0; p < half.portCount(); p++) if (half.isRemote(p)) return p;
        throw new IllegalArgumentException("network " + half.name() + " is not a cut link's half");
    }

    /** The lane of drops towards {@code port} of point-to-point link {@code n}: reported by the other end's partition, ordered by link. */
    private static long farLane(Network n, int port) { return Network.linkKey(n.name()) | (1 - port); }

    private PcapWriter open(Path file) throws IOException {
        PcapWriter w = new PcapWriter(file, snaplen, spooled);
        writers.add(w);
        return w;
    }

    private DropLog openLog(Path file) throws IOException {
        DropLog log = new DropLog(file, spooled);
        dropLogs.add(log);
        return log;
    }

    private <T> TimeOrder<T> order(TimeOrder.Sink<T> sink) {
        TimeOrder<T> o = new TimeOrder<>(sink);
        orders.add(o);
        return o;
    }

    public List<PcapWriter> writers() { return writers; }

    public List<DropLog> dropLogs() { return dropLogs; }

    /** Every file's records, pcaps first (for {@link PartitionOutput}). */
    List<RecordFile> files() {
        List<RecordFile> files = new ArrayList<>();
        for (PcapWriter w : writers) files.add(w.file());
        for (DropLog d : dropLogs) files.add(d.file());
        return files;
    }

    @Override
    public void close() {
        for (TimeOrder<?> o : orders) o.finish(sim.now());
        for (PcapWriter w : writers) w.close();
        for (DropLog d : dropLogs) d.close();
    }
}

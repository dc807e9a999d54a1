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
import java.util.List;

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
 * simulated time reaches them; closing writes those the run reached and forgets the rest. Close
 * the captures when the run ends.
 */
public final class Captures implements AutoCloseable {
    private final Simulator sim;
    private final int snaplen;
    private final List<PcapWriter> writers = new ArrayList<>();
    private final List<DropLog> dropLogs = new ArrayList<>();
    private final List<TimeOrder<?>> orders = new ArrayList<>();

    public Captures(Simulator sim, int snaplen) {
        this.sim = sim;
        this.snaplen = snaplen;
    }

    /** Captures {@code network} into {@code file}, and its drops into {@link DropLog#besides} it. */
    public PcapWriter network(Network network, Path file) throws IOException {
        PcapWriter w = open(file);
        TimeOrder<Message> frames = order(w::write);
        TimeOrder<DropLog.Drop> drops = order(openLog(DropLog.besides(file))::write);
        network.addTap(new FrameTap() {
            @Override public void transmitting(Network n, int from, Message frame, long start) { frames.add(sim.now(), start, frame); }
            @Override public void dropped(Network n, int from, int to, Message frame, LinkDrop cause, long time) {
                drops.add(sim.now(), time, new DropLog.Drop(n, from, to, frame, cause));
            }
        });
        return w;
    }

    /** Captures what {@code machine}'s NICs transmit and receive into {@code file}, and their drops into {@link DropLog#besides} it. */
    public PcapWriter machine(Machine machine, Path file) throws IOException {
        PcapWriter w = open(file);
        TimeOrder<Message> frames = order(w::write);
        TimeOrder<DropLog.Drop> drops = order(openLog(DropLog.besides(file))::write);
        for (Nic nic : machine.nics()) {
            int mine = nic.port();
            nic.network().addTap(new FrameTap() {
                @Override public void transmitting(Network n, int from, Message frame, long start) {
                    if (from == mine) frames.add(sim.now(), start, frame);
                }
                @Override public void arrived(Network n, int port, Message frame) {
                    if (port == mine) frames.add(sim.now(), sim.now(), frame);
                }
                @Override public void dropped(Network n, int from, int to, Message frame, LinkDrop cause, long time) {
                    if (from == mine || to == mine) drops.add(sim.now(), time, new DropLog.Drop(n, from, to, frame, cause));
                }
            });
        }
        return w;
    }

    private PcapWriter open(Path file) throws IOException {
        PcapWriter w = new PcapWriter(file, snaplen);
        writers.add(w);
        return w;
    }

    private DropLog openLog(Path file) throws IOException {
        DropLog log = new DropLog(file);
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

    @Override
    public void close() {
        for (TimeOrder<?> o : orders) o.finish(sim.now());
        for (PcapWriter w : writers) w.close();
        for (DropLog d : dropLogs) d.close();
    }
}

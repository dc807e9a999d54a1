package elvis.trace;

import elvis.link.FrameTap;
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
 * Packet captures attached to a simulation: a network capture records each frame once, as its
 * sender put it on the wire; a NIC capture records what the NIC sent and what reached it (after
 * any corruption on the link), like tcpdump on that interface; a machine capture does so for all
 * of the machine's NICs in one file. Close them when the run ends.
 */
public final class Captures implements AutoCloseable {
    private final Simulator sim;
    private final int snaplen;
    private final List<PcapWriter> writers = new ArrayList<>();

    public Captures(Simulator sim, int snaplen) {
        this.sim = sim;
        this.snaplen = snaplen;
    }

    public PcapWriter network(Network network, Path file) throws IOException {
        PcapWriter w = open(file);
        network.addTap(new FrameTap() {
            @Override public void transmitted(Network n, int port, Message frame) { w.write(sim.now(), frame); }
        });
        return w;
    }

    public PcapWriter nic(Nic nic, Path file) throws IOException {
        PcapWriter w = open(file);
        tap(nic, w);
        return w;
    }

    public PcapWriter machine(Machine machine, Path file) throws IOException {
        PcapWriter w = open(file);
        for (Nic nic : machine.nics()) tap(nic, w);
        return w;
    }

    private void tap(Nic nic, PcapWriter w) {
        int mine = nic.port();
        nic.network().addTap(new FrameTap() {
            @Override public void transmitted(Network n, int port, Message frame) { if (port == mine) w.write(sim.now(), frame); }
            @Override public void arrived(Network n, int port, Message frame) { if (port == mine) w.write(sim.now(), frame); }
        });
    }

    private PcapWriter open(Path file) throws IOException {
        PcapWriter w = new PcapWriter(file, snaplen);
        writers.add(w);
        return w;
    }

    public List<PcapWriter> writers() { return writers; }

    @Override
    public void close() { for (PcapWriter w : writers) w.close(); }
}

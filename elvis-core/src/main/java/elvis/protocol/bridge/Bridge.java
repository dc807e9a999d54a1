package elvis.protocol.bridge;

import elvis.machine.DeviceUpper;
import elvis.machine.Machine;
import elvis.machine.Nic;
import elvis.machine.Protocol;
import elvis.machine.ProtocolKey;
import elvis.message.Message;
import elvis.util.LongIntMap;

import java.util.Arrays;

/**
 * A transparent bridge (IEEE 802.1D's MAC relay, without the spanning tree): the first protocol of
 * a bridge machine, receiving every frame its ports see. It learns each source address's port; a
 * frame to a learned unicast address leaves by that port alone (or is dropped when that is the port
 * it came by), any other (broadcast, multicast, unknown or aged out) by every other port. Entries
 * age out after {@link #AGEING_NS} without a frame from that address (802.1D's default, 300 s).
 * With a {@link FrameFilter} on the machine (ipfw rules), each frame is classified when it arrives
 * and again for each port it leaves by. There is no spanning tree: bridges must not form a loop (NDL
 * refuses one).
 */
public final class Bridge extends Protocol implements DeviceUpper {
    public static final ProtocolKey<Bridge> KEY = new ProtocolKey<>("bridge", Bridge.class);
    public static final long AGEING_NS = 300_000_000_000L;
    private static final long GROUP_BIT = 0x0100_0000_0000L;

    private final LongIntMap slotByMac = new LongIntMap();
    private int[] portOf = new int[8];
    private long[] seenAt = new long[8];
    private long forwarded, flooded;

    public Bridge(Machine machine) { super(machine); }

    public static Bridge of(Machine machine) { return machine.protocol(KEY); }

    /** Frames sent by one port (a learned destination). */
    public long forwarded() { return forwarded; }
    /** Frames sent by every other port (broadcast, multicast or an unknown destination). */
    public long flooded() { return flooded; }
    /** Addresses learned (aged ones included until they are heard again). */
    public int learned() { return slotByMac.size(); }

    /** The port (device index) {@code mac} was last heard on, or -1 when unknown or aged out. */
    public int portOf(long mac) {
        int slot = slotByMac.get(mac, -1);
        return slot < 0 || machine.sim().now() - seenAt[slot] > AGEING_NS ? -1 : portOf[slot];
    }

    @Override
    public void receive(Message frame, Nic in) {
        if (frame.length() < 14) {
            drop(BridgeDrop.RUNT);
            return;
        }
        long src = frame.u48(6);
        if ((src & GROUP_BIT) == 0) learn(src, in.index());
        if (in.packetFilter() instanceof FrameFilter f && !f.bridgeInput(frame, in)) return;
        forward(frame, in.index());
    }

    private void learn(long mac, int port) {
        int slot = slotByMac.get(mac, -1);
        if (slot < 0) {
            slot = slotByMac.size();
            if (slot == portOf.length) {
                portOf = Arrays.copyOf(portOf, slot * 2);
                seenAt = Arrays.copyOf(seenAt, slot * 2);
            }
            slotByMac.put(mac, slot);
        }
        portOf[slot] = port;
        seenAt[slot] = machine.sim().now();
    }

    /** Relays a frame that arrived on port {@code inPort} (after the input filter, or when a pipe lets it go). */
    public void forward(Message frame, int inPort) {
        long dst = frame.u48(0);
        if ((dst & GROUP_BIT) == 0) {
            for (int p = 0; p < machine.nicCount(); p++) {
                if (machine.nic(p).mac() == dst) {
                    drop(BridgeDrop.TO_BRIDGE);
                    return;
                }
            }
            int out = portOf(dst);
            if (out == inPort) {
                drop(BridgeDrop.SAME_SEGMENT);
                return;
            }
            if (out >= 0) {
                forwarded++;
                output(frame, inPort, out);
                return;
            }
        }
        flooded++;
        for (int p = 0; p < machine.nicCount(); p++) if (p != inPort) output(frame, inPort, p);
    }

    private void output(Message frame, int inPort, int outPort) {
        Nic out = machine.nic(outPort);
        if (out.packetFilter() instanceof FrameFilter f && !f.bridgeOutput(frame, machine.nic(inPort), out)) return;
        out.transmit(frame);
    }

    /** Sends a frame by port {@code outPort} (when an output pipe lets it go). */
    public void transmit(Message frame, int outPort) { machine.nic(outPort).transmit(frame); }
}

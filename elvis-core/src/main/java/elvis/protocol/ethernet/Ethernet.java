package elvis.protocol.ethernet;

import elvis.link.FloodInterest;
import elvis.link.Network;
import elvis.machine.DeviceUpper;
import elvis.machine.FloodListener;
import elvis.machine.Handlers;
import elvis.machine.Machine;
import elvis.machine.Nic;
import elvis.machine.Protocol;
import elvis.machine.ProtocolKey;
import elvis.message.Message;

/**
 * Ethernet II framing: 14-byte header (destination, source, EtherType), padded to the 60-byte
 * minimum. Received frames are demultiplexed by EtherType: the protocols the machine's stack puts
 * over Ethernet, then any {@link #register registered} on this machine.
 */
public final class Ethernet extends Protocol implements DeviceUpper, FloodListener {
    public static final ProtocolKey<Ethernet> KEY = new ProtocolKey<>("ethernet", Ethernet.class);
    public static final int HEADER = 14;
    public static final int MIN_FRAME = 60;   // without FCS
    public static final int TYPE_IPV4 = 0x0800;
    public static final int TYPE_ARP = 0x0806;

    // The last header sent: frames to the same neighbour share it (messages never modify their arrays).
    private byte[] lastHeader;
    private Nic lastNic;

    /** EtherTypes registered on one machine alone, kept with the machine (rare: no field here). */
    private static final class Registered {
        final Handlers<DeviceUpper> handlers = new Handlers<>();
    }

    public Ethernet(Machine machine) { super(machine); }

    /** {@code machine}'s Ethernet. */
    public static Ethernet of(Machine machine) { return machine.protocol(KEY); }

    /** Hands frames of {@code etherType} to {@code receiver} on this machine (ns-3's RegisterProtocolHandler). */
    public void register(int etherType, DeviceUpper receiver) {
        if (machine.stack().demux(KEY).slot(etherType) >= 0
                || !machine.extension(Registered.class, m -> new Registered()).handlers.add(etherType, receiver))
            throw new IllegalArgumentException("EtherType 0x" + Integer.toHexString(etherType) + " already has a receiver on " + machine.name());
        machine.floodInterestChanged();
    }

    /** A machine with EtherTypes of its own registered gets every broadcast: what they act on is theirs to know. */
    @Override
    public boolean floodInterest(Nic device, FloodInterest keys) {
        return machine.existingExtension(Registered.class) == null;
    }

    /** Frames {@code payload} and sends it out of {@code nic}. */
    public void send(Nic nic, long dstMac, int etherType, Message payload) {
        byte[] h = lastHeader;
        if (h == null || nic != lastNic || u48(h, 0) != dstMac || ((h[12] & 0xFF) << 8 | (h[13] & 0xFF)) != etherType) {
            h = new byte[HEADER];
            putMac(h, 0, dstMac);
            putMac(h, 6, nic.mac());
            h[12] = (byte) (etherType >>> 8);
            h[13] = (byte) etherType;
            lastHeader = h;
            lastNic = nic;
        }
        // Padding to the minimum is virtual: the frame stays a chain of header cells, nothing is copied.
        nic.transmit(payload.prependPadded(h, MIN_FRAME));
    }

    /** Demultiplexes a received frame by EtherType. */
    @Override
    public void receive(Message frame, Nic nic) {
        if (frame.length() < HEADER) {
            drop(EthernetDrop.MALFORMED);
            return;
        }
        long dst = frame.u48(0);
        if (dst != nic.mac() && dst != Network.BROADCAST && (dst & 0x0100_0000_0000L) == 0) {
            drop(EthernetDrop.NOT_FOR_US);
            return;
        }
        if ((dst & 0x0100_0000_0000L) != 0 && dst != Network.BROADCAST && !nic.network().listens(nic.port(), dst)) return;   // the NIC's multicast filter
        int type = frame.u16(12);
        // The stack's EtherType table (Ethernet is its first protocol: found at once), then this machine's.
        DeviceUpper upper = (DeviceUpper) machine.arrivalTarget(machine.stack().demux(KEY).slot(type));
        if (upper == null) {
            Registered r = machine.existingExtension(Registered.class);
            if (r != null) upper = r.handlers.find(type);
        }
        if (upper == null) drop(EthernetDrop.UNKNOWN_ETHERTYPE);
        else upper.receive(frame.slice(HEADER, frame.length() - HEADER - frame.padding()), nic);   // virtual padding stays here
    }

    private static long u48(byte[] b, int at) {
        long v = 0;
        for (int i = 0; i < 6; i++) v = (v << 8) | (b[at + i] & 0xFF);
        return v;
    }

    public static void putMac(byte[] b, int at, long mac) {
        for (int i = 0; i < 6; i++) b[at + i] = (byte) (mac >>> (40 - 8 * i));
    }
}

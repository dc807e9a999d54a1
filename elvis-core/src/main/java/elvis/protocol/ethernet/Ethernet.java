package elvis.protocol.ethernet;

import elvis.link.Network;
import elvis.machine.Drop;
import elvis.machine.Machine;
import elvis.machine.Nic;
import elvis.machine.Protocol;
import elvis.message.Message;

/** Ethernet II framing: 14-byte header (destination, source, EtherType), padded to the 60-byte minimum. */
public final class Ethernet extends Protocol {
    public static final int HEADER = 14;
    public static final int MIN_FRAME = 60;   // without FCS
    public static final int TYPE_IPV4 = 0x0800;
    public static final int TYPE_ARP = 0x0806;

    // The last header sent: frames to the same neighbour share it (messages never modify their arrays).
    private byte[] lastHeader;
    private Nic lastNic;

    public Ethernet(Machine machine) { super(machine); }

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
        Message frame = payload.prepend(h);
        if (frame.length() < MIN_FRAME) frame = frame.concat(Message.zeros(MIN_FRAME - frame.length()));
        nic.transmit(frame);
    }

    /** Demultiplexes a received frame by EtherType. */
    public void receive(Message frame, Nic nic) {
        if (frame.length() < HEADER) {
            machine.drop(Drop.MALFORMED);
            return;
        }
        long dst = frame.u48(0);
        if (dst != nic.mac() && dst != Network.BROADCAST && (dst & 0x0100_0000_0000L) == 0) {
            machine.drop(Drop.NOT_FOR_US);
            return;
        }
        int type = frame.u16(12);
        switch (type) {
            case TYPE_IPV4 -> machine.ipv4().receive(frame.slice(HEADER), nic);
            case TYPE_ARP -> machine.arp().receive(frame.slice(HEADER), nic);
            default -> machine.drop(Drop.UNKNOWN_ETHERTYPE);
        }
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

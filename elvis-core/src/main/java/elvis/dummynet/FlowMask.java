package elvis.dummynet;

/**
 * A dummynet mask ({@code mask src-ip 0xffffff00 dst-port 0xffff ...}): the bits of a packet's
 * flow id that tell its instances apart. All zero ({@link #NONE}) means one instance for all.
 * Addresses are IPv4 (as ints); ports and protocol are compared only for TCP and UDP (ports) and
 * any IPv4 packet (protocol); a packet that is not IPv4 has the flow id 0.
 */
public record FlowMask(int srcIp, int dstIp, int srcPort, int dstPort, int proto) {
    public static final FlowMask NONE = new FlowMask(0, 0, 0, 0, 0);

    public FlowMask {
        if ((srcPort & ~0xffff) != 0) throw new IllegalArgumentException("src-port mask must fit 16 bits: 0x" + Integer.toHexString(srcPort));
        if ((dstPort & ~0xffff) != 0) throw new IllegalArgumentException("dst-port mask must fit 16 bits: 0x" + Integer.toHexString(dstPort));
        if ((proto & ~0xff) != 0) throw new IllegalArgumentException("proto mask must fit 8 bits: 0x" + Integer.toHexString(proto));
    }

    public boolean isNone() { return srcIp == 0 && dstIp == 0 && srcPort == 0 && dstPort == 0 && proto == 0; }

    /** The high word of a masked flow id: source and destination address. */
    long high(long flowHigh) { return flowHigh & (((long) srcIp << 32) | (dstIp & 0xffffffffL)); }

    /** The low word: source port (bits 24..39), destination port (8..23), protocol (0..7). */
    long low(long flowLow) { return flowLow & (((long) srcPort << 24) | ((long) dstPort << 8) | proto); }

    /** As ipfw writes it, for {@code pipe show}. */
    @Override
    public String toString() {
        if (isNone()) return "none";
        return String.format("proto 0x%02x src-ip 0x%08x dst-ip 0x%08x src-port 0x%04x dst-port 0x%04x", proto, srcIp, dstIp, srcPort, dstPort);
    }
}

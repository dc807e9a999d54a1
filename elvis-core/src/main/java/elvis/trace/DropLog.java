package elvis.trace;

import elvis.link.LinkDrop;
import elvis.link.Network;
import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4Address;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes the frames a network dropped as JSON Lines, one object per dropped copy of a frame, in
 * the canonical order of {@link TimeOrder}, e.g.
 * <pre>{"time_ns":12000000,"network":"wan","from":"client/eth0","to":"server/eth0","cause":"queue","length":1042,
 *  "ethertype":"0x0800","src":"10.0.0.1","dst":"10.0.0.2","protocol":"udp","src_port":49152,"dst_port":5000}</pre>
 * ({@code to} is null for an unknown destination; the header fields are present when the frame has
 * them). Output is buffered; a write error stops this log and is reported by {@link #error()}, never
 * thrown into the simulation.
 */
public final class DropLog implements AutoCloseable {
    /** One dropped copy of a frame. */
    record Drop(Network network, int fromPort, int toPort, Message frame, LinkDrop cause) { }

    private final RecordFile file;
    private final StringBuilder line = new StringBuilder(256);
    private long records;
    private String error;

    /** A drop log into {@code path} (or a partition's spool for it, see {@link RecordFile}). */
    DropLog(Path path, boolean spooled) throws IOException {
        this.file = spooled ? RecordFile.spooled(path, new byte[0]) : RecordFile.direct(path, new byte[0]);
    }

    public Path path() { return file.path(); }

    RecordFile file() { return file; }

    /** Records written so far. */
    public long records() { return records; }

    /** Null, or why this log stopped early. */
    public String error() { return error; }

    /** The drop log that goes with capture file {@code pcap}: "x.pcap" → "x.drops.jsonl". */
    public static Path besides(Path pcap) {
        String name = pcap.getFileName().toString();
        String base = name.endsWith(".pcap") ? name.substring(0, name.length() - ".pcap".length()) : name;
        return pcap.resolveSibling(base + ".drops.jsonl");
    }

    void write(long timeNs, long lane, Drop d) {
        if (error != null) return;
        StringBuilder b = line;
        b.setLength(0);
        b.append("{\"time_ns\":").append(timeNs);
        b.append(",\"network\":");
        string(b, d.network().name());
        b.append(",\"from\":");
        if (d.fromPort() < 0) b.append("null");     // a queued frame whose source MAC is no port's
        else string(b, d.network().portName(d.fromPort()));
        b.append(",\"to\":");
        if (d.toPort() < 0) b.append("null");
        else string(b, d.network().portName(d.toPort()));
        b.append(",\"cause\":\"").append(d.cause().label()).append('"');
        Message f = d.frame();
        b.append(",\"length\":").append(f.length());
        headers(b, f);
        b.append("}\n");
        try {
            file.text(timeNs, lane, b);
            records++;
        } catch (IOException e) {
            error = "writing " + path() + " failed: " + e.getMessage();
        }
    }

    /** The EtherType, and for IPv4 the addresses, protocol and ports (TCP: sequence number and flags). */
    private static void headers(StringBuilder b, Message f) {
        if (f.length() < 14) return;
        int type = f.u16(12);
        b.append(",\"ethertype\":\"0x").append(String.format("%04x", type)).append('"');
        if (type == 0x0806 && f.length() >= 14 + 8) {
            b.append(",\"arp_op\":").append(f.u16(14 + 6));
            return;
        }
        if (type != 0x0800 || f.length() < 14 + 20 || f.u8(14) >> 4 != 4) return;
        int ihl = (f.u8(14) & 0xF) * 4;
        int proto = f.u8(14 + 9);
        b.append(",\"src\":\"").append(Ipv4Address.format(f.i32(14 + 12))).append('"');
        b.append(",\"dst\":\"").append(Ipv4Address.format(f.i32(14 + 16))).append('"');
        b.append(",\"protocol\":");
        switch (proto) {
            case 1 -> b.append("\"icmp\"");
            case 6 -> b.append("\"tcp\"");
            case 17 -> b.append("\"udp\"");
            default -> b.append(proto);
        }
        int l4 = 14 + ihl;
        boolean firstFragment = (f.u16(14 + 6) & 0x1FFF) == 0;
        if ((proto != 6 && proto != 17) || ihl < 20 || !firstFragment || f.length() < l4 + 4) return;
        b.append(",\"src_port\":").append(f.u16(l4)).append(",\"dst_port\":").append(f.u16(l4 + 2));
        if (proto != 6 || f.length() < l4 + 14) return;
        b.append(",\"tcp_seq\":").append(f.u32(l4 + 4));
        int flags = f.u8(l4 + 13);
        b.append(",\"tcp_flags\":\"");
        if ((flags & 0x02) != 0) b.append('S');
        if ((flags & 0x01) != 0) b.append('F');
        if ((flags & 0x04) != 0) b.append('R');
        if ((flags & 0x08) != 0) b.append('P');
        if ((flags & 0x10) != 0) b.append('.');
        b.append('"');
    }

    /** Appends {@code s} as a JSON string. */
    static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        b.append('"');
    }

    @Override
    public void close() {
        try {
            file.close();
        } catch (IOException e) {
            if (error == null) error = "closing " + path() + " failed: " + e.getMessage();
        }
    }
}

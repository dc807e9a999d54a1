package elvis.socket;

import elvis.link.FrameTap;
import elvis.link.Network;
import elvis.message.Message;
import elvis.protocol.ethernet.Ethernet;
import elvis.protocol.tcp.TcpSegment;

import java.util.ArrayList;
import java.util.List;

/** The TCP segments a {@link Lan}'s machines send, in order, for checks at the packet level. */
final class Wire implements FrameTap {
    /** One segment: who sent it ("a" or "b"), when, its flags, data length and window field. */
    record Segment(String from, long time, int flags, int length, int window) {
        boolean has(int flag) { return (flags & flag) != 0; }

        /** As tcpdump shows it: "a P. 10 at 2000000" (S, F, R, P, and "." for ACK). */
        @Override
        public String toString() {
            String f = (has(TcpSegment.SYN) ? "S" : "") + (has(TcpSegment.FIN) ? "F" : "") + (has(TcpSegment.RST) ? "R" : "")
                    + (has(TcpSegment.PSH) ? "P" : "") + (has(TcpSegment.ACK) ? "." : "");
            return from + " " + f + " " + length + " at " + time;
        }
    }

    private final Lan lan;
    private final byte[] scratch = new byte[60];
    final List<Segment> sent = new ArrayList<>();

    Wire(Lan lan) {
        this.lan = lan;
        lan.lan.addTap(this);
    }

    @Override
    public void sent(Network network, int port, Message frame) {
        Message ip = frame.slice(Ethernet.HEADER);
        if (ip.u8(9) != TcpSegment.PROTOCOL) return;
        int headerLength = (ip.u8(0) & 0xF) * 4;
        TcpSegment s = TcpSegment.parse(ip.slice(headerLength, ip.u16(2) - headerLength), scratch);
        String from = ip.i32(12) == Lan.A ? "a" : "b";
        sent.add(new Segment(from, lan.sim.kernel().now(), s.flags, s.payload.length(), s.window));
    }

    /** The segments {@code from} sent, as strings. */
    List<String> from(String from) {
        return sent.stream().filter(s -> s.from().equals(from)).map(Segment::toString).toList();
    }

    /** The segments {@code from} sent that carry data, FIN or RST (not pure ACKs), as strings. */
    List<String> dataFinRstFrom(String from) {
        return sent.stream().filter(s -> s.from().equals(from) && (s.length() > 0 || s.has(TcpSegment.FIN) || s.has(TcpSegment.RST)))
                .map(Segment::toString).toList();
    }
}

package elvis.protocol.dhcp;

import elvis.link.FrameTap;
import elvis.link.Network;
import elvis.message.Message;

import java.util.ArrayList;
import java.util.List;

/** Records every DHCP message handed to a network: when, from and to which IP, and the decoded message. */
final class DhcpCapture implements FrameTap {
    record Seen(long ns, int srcIp, int dstIp, int srcPort, int dstPort, long dstMac, int length, DhcpMessage m) { }

    final List<Seen> seen = new ArrayList<>();
    private final elvis.sim.Simulator sim;

    DhcpCapture(elvis.sim.Simulator sim, Network... networks) {
        this.sim = sim;
        for (Network n : networks) n.addTap(this);
    }

    @Override
    public void sent(Network network, int fromPort, Message frame) {
        if (frame.length() < 14 + 28 || frame.u16(12) != 0x0800 || frame.u8(14 + 9) != 17) return;
        int ihl = (frame.u8(14) & 0xF) * 4;
        int udp = 14 + ihl;
        int sp = frame.u16(udp), dp = frame.u16(udp + 2);
        if ((sp != 67 && sp != 68) || (dp != 67 && dp != 68)) return;
        int udpLen = frame.u16(udp + 4);
        DhcpMessage m = DhcpMessage.parse(frame.slice(udp + 8, udpLen - 8));
        seen.add(new Seen(sim.now(), frame.i32(14 + 12), frame.i32(14 + 16), sp, dp, frame.u48(0), udpLen - 8, m));
    }

    List<Seen> of(long chaddr, int type) {
        List<Seen> r = new ArrayList<>();
        for (Seen s : seen) if (s.m() != null && s.m().chaddr == chaddr && s.m().type == type) r.add(s);
        return r;
    }
}

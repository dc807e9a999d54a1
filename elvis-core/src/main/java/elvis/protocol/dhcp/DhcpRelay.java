package elvis.protocol.dhcp;

import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Ipv4Interface;
import elvis.protocol.ipv4.Route;
import elvis.protocol.udp.InterfaceHandler;
import elvis.protocol.udp.Udp;
import elvis.protocol.udp.UdpSession;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A DHCP relay agent (RFC 2131 §4.1, RFC 1542 §4) on a router, so that one server serves the subnets
 * behind it. A client's request arriving on an interface is sent on to the server with hops + 1 and
 * giaddr set to that interface's address (unless a relay before set it); requests arriving from the
 * server's side are left to the server, which hears them itself. The server's reply comes back to
 * giaddr on port 67 and leaves by the interface that has that address: broadcast when the B flag is
 * set, else unicast to chaddr and yiaddr.
 *
 * <p>Use: {@code router.addApplication(new DhcpRelay(serverAddress))} on a machine with forwarding on.
 */
public final class DhcpRelay implements Application, InterfaceHandler {
    /** RFC 1542 §4.1.1: a request relayed this many times is discarded. */
    public static final int MAX_HOPS = 16;

    private final int server;
    private Machine machine;
    private UdpSession port;
    private long requests, replies;

    public DhcpRelay(int server) { this.server = server; }

    @Override
    public String name() { return "dhcp_relay"; }

    @Override
    public void start(Machine m) {
        machine = m;
        port = Udp.of(m).bind(DhcpMessage.SERVER_PORT, this, this);
    }

    public long requestsRelayed() { return requests; }
    public long repliesRelayed() { return replies; }

    @Override
    public void datagram(Message data, int srcIp, int srcPort, Ipv4Interface iface) {
        DhcpMessage m = DhcpMessage.parse(data);
        if (m == null) { machine.drop(DhcpDrop.DHCP_MALFORMED); return; }
        if (m.op == DhcpMessage.BOOTREQUEST) {
            Route toServer = Ipv4.of(machine).lookup(server);
            if (iface == null || !iface.hasAddress() || (toServer != null && toServer.iface() == iface)) {
                machine.drop(DhcpDrop.DHCP_NOT_EXPECTED);
                return;
            }
            if (m.hops >= MAX_HOPS) { machine.drop(DhcpDrop.DHCP_HOPS); return; }
            byte[] b = data.toByteArray();                  // passed on as it came, but for hops and giaddr
            b[3] = (byte) (m.hops + 1);
            if (m.giaddr == 0) DhcpMessage.putInt(b, 24, iface.address());
            requests++;
            port.sendTo(server, DhcpMessage.SERVER_PORT, Message.wrap(b));
        } else {
            Ipv4Interface out = null;
            for (Ipv4Interface i : Ipv4.of(machine).interfaces()) if (i.has(m.giaddr)) out = i;
            if (out == null) { machine.drop(DhcpDrop.DHCP_NOT_EXPECTED); return; }
            replies++;
            byte[] b = data.toByteArray();
            if (m.broadcast() || m.yiaddr == 0)
                RawSend.send(out, elvis.link.Network.BROADCAST, out.address(), DhcpMessage.SERVER_PORT, -1, DhcpMessage.CLIENT_PORT, b);
            else
                RawSend.send(out, m.chaddr, out.address(), DhcpMessage.SERVER_PORT, m.yiaddr, DhcpMessage.CLIENT_PORT, b);
        }
    }

    @Override
    public String summary() { return requests + " requests and " + replies + " replies relayed"; }

    @Override
    public Map<String, Object> results() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("requests_relayed", requests);
        r.put("replies_relayed", replies);
        return r;
    }
}

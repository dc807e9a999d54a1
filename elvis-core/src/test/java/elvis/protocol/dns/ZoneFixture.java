package elvis.protocol.dns;

import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.tcp.ConnectionHandler;
import elvis.protocol.tcp.Tcp;
import elvis.protocol.tcp.TcpConnection;
import elvis.protocol.udp.Udp;
import elvis.protocol.udp.UdpSession;

import java.util.ArrayList;
import java.util.List;

/**
 * A test's authoritative server: one zone built record by record and answered by {@link Authority},
 * truncated over UDP and whole over TCP, counting queries per transport. It can also be lame
 * (REFUSED to everything) or silent, for the resolver's failures.
 */
final class ZoneFixture implements Application {
    enum Mode { ANSWER, REFUSE, SILENT }

    final DnsName apex;
    final List<DnsRecord> records = new ArrayList<>();
    Mode mode = Mode.ANSWER;
    int udpQueries, tcpQueries;
    private UdpSession udp;
    private Authority authority;     // made when first asked, once the test has added its records

    ZoneFixture(String apex, int soaTtl, int minimum) {
        this.apex = DnsName.of(apex);
        records.add(new DnsRecord(this.apex, soaTtl, new Rdata.Soa(this.apex.child("ns"), this.apex.child("hostmaster"), 1, 7200, 900, 1209600, minimum)));
    }

    ZoneFixture a(String name, int ttl, String address) {
        records.add(new DnsRecord(DnsName.of(name), ttl, new Rdata.A(elvis.protocol.ipv4.Ipv4Address.parse(address))));
        return this;
    }

    ZoneFixture ns(String name, int ttl, String host) {
        records.add(new DnsRecord(DnsName.of(name), ttl, new Rdata.Ns(DnsName.of(host))));
        return this;
    }

    ZoneFixture cname(String name, int ttl, String target) {
        records.add(new DnsRecord(DnsName.of(name), ttl, new Rdata.Cname(DnsName.of(target))));
        return this;
    }

    @Override public String name() { return "zone " + apex; }

    @Override public String summary() { return udpQueries + " UDP and " + tcpQueries + " TCP queries"; }

    @Override
    public void start(Machine machine) {
        udp = Udp.of(machine).bind(53, this, (data, ip, port) -> {
            DnsMessage q = decode(data.toByteArray());
            if (q == null || mode == Mode.SILENT) return;
            udpQueries++;
            udp.sendTo(ip, port, Message.wrap(DnsCodec.encode(answer(q), DnsCodec.udpLimit(q))));
        });
        Tcp.of(machine).listen(53, 16, this, c -> new ConnectionHandler() {
            final TcpFramer reader = new TcpFramer();

            @Override
            public void data(TcpConnection conn, Message data) {
                reader.append(data);
            for (byte[] m; (m = reader.next()) != null; ) {
                    DnsMessage q = decode(m);
                    if (q == null || mode == Mode.SILENT) continue;
                    tcpQueries++;
                    conn.send(Message.wrap(DnsCodec.frameForTcp(DnsCodec.encode(answer(q)))));
                }
            }

            @Override
            public void peerClosed(TcpConnection conn) { conn.close(); }
        });
    }

    DnsMessage answer(DnsMessage q) {
        if (mode == Mode.REFUSE) return DnsMessage.responseTo(q).rcode(DnsMessage.REFUSED).build();
        if (authority == null) authority = new Authority(List.of(Zone.of(apex, records)));
        return authority.answer(q);
    }

    private static DnsMessage decode(byte[] b) {
        try {
            return DnsCodec.decode(b);
        } catch (DnsFormatException e) {
            return null;
        }
    }
}

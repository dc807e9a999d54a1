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
 * A test's authoritative server: one zone of records, answering as RFC 1034 §4.3.2 says (answers
 * with AA, CNAMEs, referrals with glue, NXDOMAIN and NODATA with the SOA), truncating over UDP, and
 * whole over TCP. It can also be lame (REFUSED to everything) or silent, for the resolver's failures.
 */
final class ZoneFixture implements Application {
    enum Mode { ANSWER, REFUSE, SILENT }

    final DnsName apex;
    final List<DnsRecord> records = new ArrayList<>();
    Mode mode = Mode.ANSWER;
    int udpQueries, tcpQueries;
    private UdpSession udp;

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
            final DnsTcpReader reader = new DnsTcpReader();

            @Override
            public void data(TcpConnection conn, Message data) {
                for (byte[] m : reader.add(data)) {
                    DnsMessage q = decode(m);
                    if (q == null || mode == Mode.SILENT) continue;
                    tcpQueries++;
                    conn.send(DnsTcpReader.frame(answer(q)));
                }
            }

            @Override
            public void peerClosed(TcpConnection conn) { conn.close(); }
        });
    }

    DnsMessage answer(DnsMessage q) {
        DnsMessage.Builder b = DnsMessage.responseTo(q);
        if (mode == Mode.REFUSE) return b.rcode(DnsMessage.REFUSED).build();
        DnsQuestion question = q.question();
        DnsName name = question.name();
        DnsRecord soa = records.getFirst();
        // A delegation at or above the name, below the apex: a referral.
        for (DnsName n = name; !n.equals(apex) && n.isSubdomainOf(apex); n = n.parent()) {
            List<DnsRecord> cut = select(n, DnsType.NS);
            if (!cut.isEmpty()) {
                b.authority(cut);
                for (DnsRecord ns : cut) b.additional(select(((Rdata.Ns) ns.data()).host(), DnsType.A));
                return b.build();
            }
        }
        b.aa(true);
        for (int hops = 0; hops < 10; hops++) {
            List<DnsRecord> found = select(name, question.type());
            if (!found.isEmpty()) return b.answers(found).build();
            List<DnsRecord> cname = select(name, DnsType.CNAME);
            if (cname.isEmpty()) break;
            b.answers(cname);
            name = ((Rdata.Cname) cname.getFirst().data()).target();
            if (!name.isSubdomainOf(apex)) return b.build();
        }
        boolean exists = false;
        for (DnsRecord r : records) if (r.name().isSubdomainOf(name)) exists = true;
        return b.rcode(exists ? DnsMessage.NOERROR : DnsMessage.NXDOMAIN).authority(soa).build();
    }

    private List<DnsRecord> select(DnsName name, int type) {
        List<DnsRecord> out = new ArrayList<>();
        for (DnsRecord r : records) if (r.name().equals(name) && r.type() == type) out.add(r);
        return out;
    }

    private static DnsMessage decode(byte[] b) {
        try {
            return DnsCodec.decode(b);
        } catch (DnsFormatException e) {
            return null;
        }
    }
}

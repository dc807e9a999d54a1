package elvis.trace;

import elvis.Simulation;
import elvis.link.FrameTap;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.dhcp.DhcpClient;
import elvis.protocol.dhcp.DhcpMessage;
import elvis.protocol.dhcp.DhcpPool;
import elvis.protocol.dhcp.DhcpRelay;
import elvis.protocol.dhcp.DhcpServer;
import elvis.protocol.ipv4.Ipv4Address;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

import static elvis.trace.WiresharkTest.assertClean;
import static elvis.trace.WiresharkTest.assertScapyRebuildsEveryFrame;
import static elvis.trace.WiresharkTest.ip;
import static elvis.trace.WiresharkTest.tshark;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every DHCP message of a run with a relay, renewals, a release, INIT-REBOOT and a NAK, read by tshark's DHCP
 * (bootp) dissector: nothing malformed, no expert error, checksums right, and for each message the
 * fixed fields, the options in the order sent and their values as we encoded them. Scapy rebuilds
 * every frame byte for byte.
 */
class DhcpWiresharkTest {
    static final long MS = 1_000_000, S = 1_000 * MS;

    @TempDir
    static Path dir;

    @BeforeAll
    static void toolsPresent() { WiresharkTest.toolsPresent(); }

    static final String[] FIELDS = {"dhcp.type", "dhcp.hw.len", "dhcp.hops", "dhcp.id", "dhcp.secs", "dhcp.flags", "dhcp.ip.client", "dhcp.ip.your",
            "dhcp.ip.relay", "dhcp.hw.mac_addr", "dhcp.option.type", "dhcp.option.dhcp", "dhcp.option.dhcp_server_id",
            "dhcp.option.requested_ip_address", "dhcp.option.ip_address_lease_time", "dhcp.option.renewal_time_value",
            "dhcp.option.rebinding_time_value", "dhcp.option.subnet_mask", "dhcp.option.router", "dhcp.option.domain_name_server",
            "dhcp.option.domain_name", "dhcp.option.hostname", "dhcp.option.request_list_item", "dhcp.option.dhcp_max_message_size",
            "dhcp.option.message", "dhcp.option.end"};

    @Test
    void everyDhcpMessageDissectsAsSent() throws IOException {
        Simulation sim = new Simulation(5);
        Network left = sim.network("left", LinkConfig.UNLIMITED.withDelay(MS)), right = sim.network("right", LinkConfig.UNLIMITED.withDelay(MS));
        Machine server = sim.machine("server"), router = sim.machine("router");
        sim.connect(server, left, "10.0.1.2/24");
        sim.connect(router, left, "10.0.1.1/24");
        sim.connect(router, right, "10.0.2.1/24");
        sim.router(router);
        sim.route(server, "default", "10.0.1.1");
        DhcpServer dhcp = new DhcpServer(
                DhcpPool.subnet(ip("10.0.1.0"), 24).leaseSeconds(60).renewalTimes(30, 52).router(ip("10.0.1.1"))
                        .dns(ip("10.0.1.53"), ip("10.0.1.54")).domain("example.com"),
                new DhcpPool(ip("10.0.2.0"), 24, ip("10.0.2.100"), ip("10.0.2.101")).leaseSeconds(60).router(ip("10.0.2.1")));
        server.addApplication(dhcp);
        router.addApplication(new DhcpRelay(ip("10.0.1.2")));
        List<DhcpClient> clients = new ArrayList<>();
        for (int i = 0; i < 5; i++) {                                 // host-4 finds the right pool full until host-3's lease expires
            Machine m = sim.machine("host-" + i);
            DhcpClient c = new DhcpClient(sim.connect(m, i < 2 ? left : right));
            if (i == 1) c.broadcastFlag(true);
            m.addApplication(c);
            clients.add(c);
        }
        sim.kernel().at(70 * S, clients.get(0)::stop);
        sim.kernel().at(80 * S, clients.get(2)::halt);                // its lease expires at the server; host-4, which found
        sim.kernel().at(150 * S, clients.get(2)::reboot);             // the right pool full, takes the address; INIT-REBOOT gets a NAK
        List<DhcpMessage> sent = new ArrayList<>();
        FrameTap tap = new FrameTap() {
            @Override public void sent(Network n, int fromPort, Message f) {
                if (f.u16(12) != 0x0800 || f.u8(23) != 17) return;
                int udp = 14 + (f.u8(14) & 0xF) * 4;
                int sp = f.u16(udp);
                if (sp == 67 || sp == 68) sent.add(DhcpMessage.parse(f.slice(udp + 8, f.u16(udp + 4) - 8)));
            }
        };
        left.addTap(tap);
        right.addTap(tap);
        Path l = dir.resolve("dhcp-left.pcap"), r = dir.resolve("dhcp-right.pcap");
        PcapWriter lw, rw;
        try (Captures c = new Captures(sim.kernel(), PcapWriter.DEFAULT_SNAPLEN)) {
            lw = c.network(left, l);
            rw = c.network(right, r);
            sim.runUntil(200 * S);
            sim.shutdown();
        }
        assertClean(l);
        assertClean(r);
        List<String> rows = new ArrayList<>();
        for (Path pcap : List.of(l, r)) for (String row : tshark(pcap, "dhcp", FIELDS)) rows.add(withEnd(row));
        List<String> expected = new ArrayList<>();
        for (DhcpMessage m : sent) expected.add(row(m));
        assertThat(sent).doesNotContainNull();
        assertThat(sent.stream().map(m -> m.type).distinct().sorted().toList())
                .containsExactly(DhcpMessage.DISCOVER, DhcpMessage.OFFER, DhcpMessage.REQUEST, DhcpMessage.ACK, DhcpMessage.NAK, DhcpMessage.RELEASE);
        List<String> onlyTshark = new ArrayList<>(rows), onlyOurs = new ArrayList<>(expected);
        for (String e : expected) onlyTshark.remove(e);
        for (String e : rows) onlyOurs.remove(e);
        assertThat(onlyTshark).as("rows tshark shows but we did not send; we sent instead %s", onlyOurs).isEmpty();
        assertThat(onlyOurs).isEmpty();
        assertThat(dhcp.releases()).isEqualTo(1);
        assertThat(dhcp.naks()).isEqualTo(1);
        assertThat(clients.get(2).naks()).isEqualTo(1);
        assertThat(clients.get(4).address()).isEqualTo(ip("10.0.2.100"));
        assertScapyRebuildsEveryFrame(l, lw.frames());
        assertScapyRebuildsEveryFrame(r, rw.frames());
    }

    /** What tshark prints for {@link #FIELDS} of {@code m}. */
    private static String row(DhcpMessage m) {
        StringJoiner j = new StringJoiner("\t");
        j.add(Integer.toString(m.op)).add(Integer.toString(m.hlen)).add(Integer.toString(m.hops));
        j.add(String.format(Locale.ROOT, "0x%08x", m.xid)).add(Integer.toString(m.secs)).add(String.format(Locale.ROOT, "0x%04x", m.flags));
        j.add(Ipv4Address.format(m.ciaddr)).add(Ipv4Address.format(m.yiaddr)).add(Ipv4Address.format(m.giaddr));
        String mac = HexFormat.ofDelimiter(":").formatHex(java.nio.ByteBuffer.allocate(8).putLong(m.chaddr).array(), 2, 8);
        j.add(m.clientId != null ? mac + "," + mac : mac);          // option 61 of type 1 shows the MAC again
        j.add(optionCodes(m));
        j.add(Integer.toString(m.type));
        j.add(addr(m.serverId)).add(addr(m.requestedIp));
        j.add(time(m.leaseTime)).add(time(m.renewalTime)).add(time(m.rebindingTime));
        j.add(m.hasSubnetMask ? Ipv4Address.format(m.subnetMask) : "");
        j.add(addrs(m.routers)).add(addrs(m.dnsServers));
        j.add(m.domainName == null ? "" : m.domainName).add(m.hostName == null ? "" : m.hostName);
        StringJoiner items = new StringJoiner(",");
        if (m.parameterList != null) for (byte b : m.parameterList) items.add(Integer.toString(b & 0xFF));
        j.add(items.toString());
        j.add(m.maxSize == 0 ? "" : Integer.toString(m.maxSize));
        j.add(m.message == null ? "" : m.message);
        return j.toString();
    }

    /**
     * tshark's row with its End option in the option list as 255: tshark lists that option's type as
     * 0 and gives its code in the dhcp.option.end field, the last column, which must be 255.
     */
    private static String withEnd(String row) {
        String[] f = row.split("\t", -1);
        assertThat(f[f.length - 1]).as(row).isEqualTo("255");
        int types = 10;
        assertThat(f[types]).as(row).endsWith(",0");
        f[types] = f[types].substring(0, f[types].length() - 1) + "255";
        return String.join("\t", java.util.Arrays.copyOf(f, f.length - 1));
    }

    /** The option codes in the encoded message, in order, the end option included. */
    private static String optionCodes(DhcpMessage m) {
        byte[] b = m.encode();
        StringJoiner j = new StringJoiner(",");
        for (int i = DhcpMessage.OPTIONS_OFFSET; ; ) {
            int code = b[i] & 0xFF;
            j.add(Integer.toString(code));
            if (code == DhcpMessage.END) break;
            i += 2 + (b[i + 1] & 0xFF);
        }
        return j.toString();
    }

    private static String addr(int ip) { return ip == 0 ? "" : Ipv4Address.format(ip); }

    private static String addrs(int[] ips) {
        if (ips == null) return "";
        StringJoiner j = new StringJoiner(",");
        for (int ip : ips) j.add(Ipv4Address.format(ip));
        return j.toString();
    }

    private static String time(long s) { return s < 0 ? "" : Long.toString(s); }
}

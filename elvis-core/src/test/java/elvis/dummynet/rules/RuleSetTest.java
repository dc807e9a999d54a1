package elvis.dummynet.rules;

import elvis.Simulation;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.ipv4.Ipv4Interface;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** ipfw rule semantics, classified on hand-made datagrams (no network needed). */
class RuleSetTest {
    static final int TCP = 6, UDP = 17, ICMP = 1;
    static final int SYN = 0x02, ACK = 0x10, RST = 0x04;

    Machine router;
    RuleSet rules;
    Ipv4Interface eth0, eth1;

    @BeforeEach
    void setUp() {
        Simulation sim = new Simulation(1);
        router = sim.machine("router");
        Network a = sim.network("a", LinkConfig.UNLIMITED), b = sim.network("b", LinkConfig.UNLIMITED);
        eth0 = sim.connect(router, a, "10.0.1.1/24");
        eth1 = sim.connect(router, b, "10.0.2.1/24");
        rules = RuleSet.of(router);
    }

    void load(String text) {
        assertThat(Ipfw.load(text, rules, Ipfw.NO_OBJECTS)).isEmpty();
    }

    static Message datagram(int protocol, String src, String dst, int srcPort, int dstPort, int tcpFlags) {
        int payload = protocol == TCP ? 20 : protocol == UDP ? 8 : 8;
        byte[] b = new byte[20 + payload + 100];
        b[0] = 0x45;
        b[2] = (byte) (b.length >>> 8);
        b[3] = (byte) b.length;
        b[8] = 64;
        b[9] = (byte) protocol;
        Ipv4.putInt(b, 12, Ipv4Address.parse(src));
        Ipv4.putInt(b, 16, Ipv4Address.parse(dst));
        b[20] = (byte) (srcPort >>> 8);
        b[21] = (byte) srcPort;
        b[22] = (byte) (dstPort >>> 8);
        b[23] = (byte) dstPort;
        if (protocol == TCP) b[33] = (byte) tcpFlags;
        return Message.wrap(b);
    }

    static Message tcp(String src, int sport, String dst, int dport, int flags) { return datagram(TCP, src, dst, sport, dport, flags); }
    static Message udp(String src, int sport, String dst, int dport) { return datagram(UDP, src, dst, sport, dport, 0); }

    int in(Message d) { return rules.classify(d, false, eth0, null).number(); }
    int out(Message d) { return rules.classify(d, true, eth0, eth1).number(); }

    @Test
    void everyDeviceOfTheMachineHoldsItsRulesThoseAddedLaterToo() {
        Simulation sim = new Simulation(1);
        Machine m = sim.machine("m");
        sim.connect(m, sim.network("x", LinkConfig.UNLIMITED), "10.1.0.1/24");
        RuleSet r = RuleSet.of(m);
        sim.connect(m, sim.network("y", LinkConfig.UNLIMITED), "10.2.0.1/24");
        assertThat(m.nic(0).packetFilter()).isSameAs(r);
        assertThat(m.nic(1).packetFilter()).isSameAs(r);
        assertThat(RuleSet.of(m)).isSameAs(r);
        assertThat(RuleSet.existing(sim.machine("other"))).isNull();
    }

    @Test
    void theFirstMatchingRuleDecidesAndTheDefaultDenies() {
        load("""
                add 100 deny udp from any to any dst-port 53
                add 200 allow udp from any to any
                """);
        assertThat(in(udp("10.0.1.5", 1000, "10.0.2.9", 53))).isEqualTo(100);
        assertThat(in(udp("10.0.1.5", 1000, "10.0.2.9", 54))).isEqualTo(200);
        Rule last = rules.classify(tcp("10.0.1.5", 1000, "10.0.2.9", 80, SYN), false, eth0, null);
        assertThat(last.number()).isEqualTo(RuleSet.DEFAULT_RULE);
        assertThat(last.action()).isEqualTo(Action.DENY);
        rules.defaultAllow(true);
        assertThat(rules.classify(tcp("10.0.1.5", 1000, "10.0.2.9", 80, SYN), false, eth0, null).action()).isEqualTo(Action.ALLOW);
    }

    @Test
    void rulesAreTriedInNumberOrderWhateverTheOrderAddedAndUnnumberedOnesFollowByHundreds() {
        load("""
                add 300 allow ip from any to any
                add 100 deny tcp from any to any
                add count ip from any to any
                """);
        assertThat(rules.rules().stream().map(Rule::number).toList()).containsExactly(100, 300, 400, 65535);
        assertThat(in(tcp("10.0.1.5", 1, "10.0.2.9", 2, SYN))).isEqualTo(100);
    }

    @Test
    void countCountsAndGoesOnSkiptoJumpsToTheFirstRuleAtOrPastItsNumber() {
        load("""
                add 10 count ip from any to any
                add 20 skipto 45 tcp from any to any
                add 30 deny tcp from any to any
                add 50 pipe 7 tcp from any to any
                add 60 allow ip from any to any
                """);
        assertThat(in(tcp("10.0.1.5", 1, "10.0.2.9", 2, SYN))).isEqualTo(50);
        assertThat(in(udp("10.0.1.5", 1, "10.0.2.9", 2))).isEqualTo(60);
        List<Rule> r = rules.rules();
        assertThat(r.get(0).packets()).isEqualTo(2);            // count saw both
        assertThat(r.get(0).bytes()).isEqualTo(140 + 128);
        assertThat(r.get(1).packets()).isEqualTo(1);            // skipto matched the TCP one
        assertThat(r.get(2).packets()).isZero();               // jumped over
        assertThat(r.get(3).action()).isEqualTo(Action.PIPE);
        assertThat(r.get(3).target()).isEqualTo("7");
        assertThat(rules.show()).contains("00020          1          140 skipto 45 tcp from any to any");
    }

    @Test
    void addressesWithPrefixesMasksListsAndMe() {
        load("""
                add 100 count ip from 10.0.1.0/24 to any
                add 110 count ip from 10.0.0.0:255.255.0.255 to any
                add 120 count ip from {10.9.0.1, 10.0.3.0/24,192.168.0.0/16} to any
                add 130 count ip from any to me
                add 140 count ip from not 10.0.1.0/24 to any
                add 150 count ip from any to any dst-ip 10.0.2.0/23
                add 200 allow ip from any to any
                """);
        in(udp("10.0.1.7", 1, "10.0.2.1", 2));         // 100, 110 (10.0.x.7 masked: 10.0.0.7 no)
        in(udp("10.0.3.200", 1, "10.0.1.1", 2));       // 120, 130, 140, 150 (10.0.2.0/23 is 10.0.2-3: no)
        in(udp("192.168.77.1", 1, "10.0.3.9", 2));     // 120, 140, 150
        in(udp("10.9.0.1", 1, "10.0.2.2", 2));         // 120, 140, 150
        in(udp("10.0.9.0", 1, "10.0.2.2", 2));         // 110 (10.0.0.0 under 255.255.0.255), 140, 150
        List<Rule> r = rules.rules();
        assertThat(r.subList(0, 6).stream().map(Rule::packets).toList()).containsExactly(1L, 1L, 3L, 2L, 4L, 4L);
    }

    @Test
    void tablesMatchByPrefixAndCostOneProbePerPrefixLength() {
        load("""
                table 1 add 10.0.1.0/24
                table 1 add 172.16.0.0/12
                add 100 deny ip from table(1) to any
                add 200 allow ip from any to any
                """);
        for (int i = 0; i < 100_000; i++) rules.table(1).add(0x0B000000 + (i << 8), 32);    // 11.x.x.0/32 hosts
        assertThat(rules.table(1).size()).isEqualTo(100_002);
        assertThat(in(udp("10.0.1.200", 1, "10.0.2.1", 2))).isEqualTo(100);
        assertThat(in(udp("172.31.255.1", 1, "10.0.2.1", 2))).isEqualTo(100);
        assertThat(in(udp("11.0.5.0", 1, "10.0.2.1", 2))).isEqualTo(100);
        assertThat(in(udp("11.0.5.1", 1, "10.0.2.1", 2))).isEqualTo(200);
        assertThat(in(udp("172.32.0.1", 1, "10.0.2.1", 2))).isEqualTo(200);
    }

    @Test
    void portListsRangesAndAnyAsThePaperWritesThem() {
        load("""
                add 100 pipe 10 out dst-port 2000-3000
                add 200 pipe 11 in src-port 2000-3000
                add 300 queue 1 in dst-port 22,53
                add 400 queue 2 in dst-port any
                add 500 allow ip from any to any
                """);
        assertThat(out(tcp("10.0.1.5", 40000, "10.0.2.9", 2500, SYN))).isEqualTo(100);
        assertThat(out(tcp("10.0.1.5", 40000, "10.0.2.9", 3000, SYN))).isEqualTo(100);
        assertThat(out(tcp("10.0.1.5", 40000, "10.0.2.9", 3001, SYN))).isEqualTo(500);
        assertThat(in(tcp("10.0.2.9", 2000, "10.0.1.5", 40000, ACK))).isEqualTo(200);
        assertThat(in(udp("10.0.2.9", 1999, "10.0.1.5", 53))).isEqualTo(300);
        assertThat(in(tcp("10.0.2.9", 1999, "10.0.1.5", 22, SYN))).isEqualTo(300);
        assertThat(in(tcp("10.0.2.9", 1999, "10.0.1.5", 80, SYN))).isEqualTo(400);
        assertThat(in(datagram(ICMP, "10.0.2.9", "10.0.1.5", 0, 0, 0))).isEqualTo(400);   // dst-port any: every packet
        assertThat(out(datagram(ICMP, "10.0.2.9", "10.0.1.5", 0, 0, 0))).isEqualTo(500);   // ports never match ICMP
    }

    @Test
    void protocolsByNameAndNumber() {
        load("""
                add 100 count tcp from any to any
                add 110 count 17 from any to any
                add 120 count icmp from any to any
                add 130 count ip from any to any proto udp
                add 200 allow all from any to any
                """);
        in(tcp("10.0.1.5", 1, "10.0.2.9", 2, SYN));
        in(udp("10.0.1.5", 1, "10.0.2.9", 2));
        in(udp("10.0.1.5", 1, "10.0.2.9", 2));
        in(datagram(ICMP, "10.0.1.5", "10.0.2.9", 0, 0, 0));
        assertThat(rules.rules().subList(0, 4).stream().map(Rule::packets).toList()).containsExactly(1L, 2L, 1L, 2L);
    }

    @Test
    void tcpFlagsSetupAndEstablished() {
        load("""
                add 100 count tcp from any to any tcpflags syn,!ack
                add 110 count tcp from any to any setup
                add 120 count tcp from any to any established
                add 130 count tcp from any to any tcpflags syn,ack
                add 140 count ip from any to any not established
                add 200 allow ip from any to any
                """);
        in(tcp("10.0.1.5", 1, "10.0.2.9", 2, SYN));
        in(tcp("10.0.1.5", 1, "10.0.2.9", 2, SYN | ACK));
        in(tcp("10.0.1.5", 1, "10.0.2.9", 2, ACK));
        in(tcp("10.0.1.5", 1, "10.0.2.9", 2, RST));
        in(udp("10.0.1.5", 1, "10.0.2.9", 2));
        assertThat(rules.rules().subList(0, 5).stream().map(Rule::packets).toList()).containsExactly(1L, 1L, 3L, 1L, 2L);
    }

    @Test
    void directionAndInterfaces() {
        load("""
                add 100 count ip from any to any in
                add 110 count ip from any to any out
                add 120 count ip from any to any recv eth0
                add 130 count ip from any to any xmit eth1
                add 140 count ip from any to any via eth1
                add 150 count ip from any to any via router/eth0
                add 200 allow ip from any to any
                """);
        Message d = udp("10.0.1.5", 1, "10.0.2.9", 2);
        rules.classify(d, false, eth0, null);                   // forwarded: in on eth0 ...
        rules.classify(d, true, eth0, eth1);                    // ... then out on eth1
        assertThat(rules.rules().subList(0, 6).stream().map(Rule::packets).toList()).containsExactly(1L, 1L, 2L, 1L, 1L, 1L);
    }

    @Test
    void probMatchesItsShareOfPacketsFromTheMachinesSeededStream() {
        load("""
                add 100 prob 0.3 count ip from any to any
                add 200 allow ip from any to any
                """);
        int n = 100_000;
        Message d = udp("10.0.1.5", 1, "10.0.2.9", 2);
        for (int i = 0; i < n; i++) in(d);
        double share = rules.rules().getFirst().packets() / (double) n;
        assertThat(share).isBetween(0.3 - 0.005, 0.3 + 0.005);   // 3.4 standard deviations (0.00145 each)
        long again = rerun(n);
        assertThat(again).isEqualTo(rules.rules().getFirst().packets());   // same seed, same draws
    }

    private long rerun(int n) {
        setUp();
        load("add 100 prob 0.3 count ip from any to any\nadd 200 allow ip from any to any");
        for (int i = 0; i < n; i++) in(udp("10.0.1.5", 1, "10.0.2.9", 2));
        return rules.rules().getFirst().packets();
    }

    @Test
    void aLaterFragmentHasNoPortsAndMatchesNoPortRule() {
        load("add 100 count udp from any to any dst-port 53\nadd 200 allow ip from any to any");
        Message first = udp("10.0.1.5", 1, "10.0.2.9", 53);
        byte[] b = first.toByteArray();
        b[7] = 10;                                              // fragment offset 80 bytes
        in(first);
        in(Message.wrap(b));
        assertThat(rules.rules().getFirst().packets()).isEqualTo(1);
    }
}

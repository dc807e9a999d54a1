package elvis.protocol.dhcp;

import elvis.link.LinkConfig;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Ipv4Interface;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static elvis.protocol.dhcp.DhcpTest.NET;
import static elvis.protocol.dhcp.DhcpTest.S;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random and mutated DHCP messages (bit flips, truncations, options whose length runs past the end
 * or is wrong for the option, random bytes behind a valid cookie) thrown at a server, at clients in
 * every state of an exchange and at a relay: each is handled or a counted drop, nothing throws, and
 * whatever parses encodes and parses back to the same message. A CI-sized slice of 10^4;
 * {@code -Dfuzz.dhcp=1000000} runs the 10^6.
 */
class DhcpFuzzTest {
    static final int TOTAL = Integer.getInteger("fuzz.dhcp", 10_000);

    @Test
    void randomAndMutatedMessagesAreHandledOrCountedDrops() {
        Random rnd = new Random(15);
        DhcpTest.Lan lan = new DhcpTest.Lan(3, DhcpTest.pool24().leaseSeconds(60).renewalTimes(20, 40), LinkConfig.UNLIMITED.withDelay(DhcpTest.MS));
        Machine router = lan.sim.machine("relay");
        lan.sim.connect(router, lan.lan, NET + 250, 24);
        DhcpRelay relay = new DhcpRelay(DhcpTest.SERVER);
        router.addApplication(relay);
        lan.sim.runUntil(1);
        Ipv4Interface serverIface = Ipv4.of(lan.serverMachine).iface(0), relayIface = Ipv4.of(router).iface(0);
        byte[][] seeds = seeds(lan);
        long malformed = 0;
        for (int i = 0; i < TOTAL; i++) {
            byte[] b = mutate(rnd, seeds[rnd.nextInt(seeds.length)]);
            Message m = Message.wrap(b);
            DhcpMessage parsed = DhcpMessage.parse(m);
            if (parsed == null) malformed++;
            else {
                DhcpMessage again = DhcpMessage.parse(Message.wrap(parsed.encode()));
                assertThat(again).isNotNull();
                assertThat(again.encode()).isEqualTo(parsed.encode());
            }
            switch (rnd.nextInt(4)) {
                case 0 -> lan.server.datagram(m, 0, 68, serverIface);
                case 1 -> relay.datagram(m, 0, 68, relayIface);
                default -> lan.clients.get(rnd.nextInt(3)).datagram(m, DhcpTest.SERVER, 67);
            }
            if (i % 97 == 0) lan.sim.runUntil(lan.sim.kernel().now() + rnd.nextInt(30) * S);   // clients move through their states
        }
        lan.sim.runUntil(lan.sim.kernel().now() + 120 * S);
        long counted = 0;
        for (Machine mc : lan.sim.machines()) {
            assertThat(mc.failures()).as("failures on " + mc).isEmpty();
            counted += mc.drops(DhcpDrop.DHCP_MALFORMED);
        }
        assertThat(counted).as("every malformed message counted where it arrived").isEqualTo(malformed);
        assertThat(malformed).as("the mutations reach the error paths").isGreaterThan(TOTAL / 10);
        assertThat(malformed).as("and the parsing paths").isLessThan(TOTAL * 9L / 10);
    }

    /** Valid messages of every type, as the client, server and relay would send them. */
    private static byte[][] seeds(DhcpTest.Lan lan) {
        long mac = lan.mac(0);
        byte[][] s = new byte[8][];
        for (int t = 1; t <= 8; t++) {
            DhcpMessage m = DhcpMessage.of(t == 2 || t == 5 || t == 6 ? DhcpMessage.BOOTREPLY : DhcpMessage.BOOTREQUEST, t, 0x1234, mac);
            m.requestedIp = NET + 5;
            m.serverId = DhcpTest.SERVER;
            m.yiaddr = t == 2 || t == 5 ? NET + 5 : 0;
            m.ciaddr = t == 7 || t == 8 ? NET + 5 : 0;
            m.leaseTime = 60;
            m.hasSubnetMask = true;
            m.subnetMask = 0xFFFFFF00;
            m.routers = new int[] {DhcpTest.GW};
            m.dnsServers = new int[] {NET + 53, NET + 54};
            m.domainName = "example.com";
            m.hostName = "c0";
            m.clientId = new byte[] {1, 2, 0, 0, 0, 0, 2};
            m.parameterList = new byte[] {1, 3, 6, 15};
            m.maxSize = 1500;
            s[t - 1] = m.encode();
        }
        return s;
    }

    private static byte[] mutate(Random rnd, byte[] seed) {
        byte[] b = seed.clone();
        switch (rnd.nextInt(7)) {
            case 0 -> { for (int k = rnd.nextInt(4) + 1; k > 0; k--) b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8)); }
            case 1 -> b = Arrays.copyOf(b, rnd.nextInt(b.length + 1));                                     // truncated
            case 2 -> { int at = 240 + rnd.nextInt(40); b[at] = (byte) rnd.nextInt(256); b[at + 1] = (byte) rnd.nextInt(256); }
            case 3 -> { for (int i = 240; i < b.length; i++) b[i] = (byte) rnd.nextInt(256); }          // random options behind the cookie
            case 4 -> { b = new byte[rnd.nextInt(600)]; rnd.nextBytes(b); }                                  // noise
            case 5 -> { b[242] = (byte) rnd.nextInt(256); b[241] = (byte) (rnd.nextBoolean() ? 53 : rnd.nextInt(62)); } // an option's length
            default -> { b[4] = (byte) rnd.nextInt(256); b[28 + rnd.nextInt(6)] ^= 1; }                     // another xid or chaddr: not ours
        }
        return b;
    }
}

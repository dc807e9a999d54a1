package elvis.app;

import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.dns.DnsCodec;
import elvis.protocol.dns.DnsCodecFuzzTest;
import elvis.protocol.dns.DnsDrop;
import elvis.protocol.dns.DnsMessage;
import elvis.protocol.dns.DnsName;
import elvis.protocol.dns.DnsType;
import elvis.util.SourceError;
import elvis.socket.PollFd;
import elvis.socket.Process;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random, mutated and hand-made bad messages (compression loops, lengths past the end) sent to a
 * running dns_server over UDP and TCP: every one is answered (FORMERR or an answer) or is a
 * counted drop; the server never fails and still answers a good query afterwards. 10^4 messages
 * in the normal run; {@code -Dfuzz.dns=1000000} for 10^6.
 */
class DnsServerFuzzTest {
    static final int INPUTS = Integer.getInteger("fuzz.dns", 10_000);

    @Test
    @Timeout(1200)
    void everyMessageIsAnsweredOrACountedDrop() throws SourceError {
        DnsServerTest.Run r = DnsServerTest.lan();
        long[] received = {0};
        Random rnd = new Random(15);
        Application sender = new Application() {
            @Override public String name() { return "fuzz"; }
            @Override public String summary() { return ""; }
            @Override public void start(Machine m) {
                Process.spawn(m, this, p -> {
                    var udp = p.datagramSocket();
                    udp.setReceiveBuffer(64 << 20);
                    for (int i = 0; i < INPUTS; i++) {
                        byte[] bytes = rnd.nextInt(3) == 0 ? DnsCodecFuzzTest.input(rnd) : query(rnd);
                        udp.sendto(Message.wrap(bytes), DnsServerTest.SERVER, 53);
                        if (i % 64 == 63) p.sleep(1_000_000);       // let the LAN keep up
                    }
                    // The same over one TCP connection, framed.
                    var tcp = p.streamSocket();
                    tcp.connect(DnsServerTest.SERVER, 53);
                    for (int i = 0; i < INPUTS / 10; i++) tcp.sendAll(Message.wrap(DnsCodec.frameForTcp(DnsCodecFuzzTest.input(rnd))));
                    tcp.shutdown(elvis.socket.StreamSocket.How.WRITE);
                    while (!tcp.recv(65536).isEmpty()) { }
                    tcp.close();
                    while (p.poll(1_000_000_000L, new PollFd(udp, PollFd.POLLIN)) > 0) {
                        udp.recv(65536);
                        received[0]++;
                    }
                });
            }
        };
        r.client().addApplication(sender);
        Dig after = DnsServerTest.dig(r.client(), "www.example.com", DnsType.A, 3_600_000_000_000L);
        r.sim().run();
        assertThat(r.server().failures()).isEmpty();
        assertThat(r.client().failures()).isEmpty();
        DnsServer dns = r.dns();
        long responses = 0;
        for (int rc = 0; rc < 16; rc++) responses += dns.responses(rc);
        assertThat(dns.queries()).isEqualTo(INPUTS + INPUTS / 10 + 1);
        assertThat(responses + dns.drops()).as("each answered or dropped").isEqualTo(dns.queries());
        assertThat(r.server().drops(DnsDrop.DNS_MALFORMED) + r.server().drops(DnsDrop.DNS_UNEXPECTED_RESPONSE)).isEqualTo(dns.drops());
        assertThat(dns.responses(DnsMessage.FORMERR)).isPositive();
        assertThat(dns.drops()).isPositive();
        assertThat(received[0]).isPositive();
        assertThat(after.reply().message().answers()).hasSize(1);
    }

    /** A well-formed query for a random name and type, to reach every branch of the answer. */
    static byte[] query(Random rnd) {
        String[] names = {"www.example.com", "many.example.com", "alias.example.com", "x.sub.example.com", "nope.example.com", "example.com", "org"};
        int[] types = {DnsType.A, DnsType.NS, DnsType.SOA, DnsType.MX, DnsType.ANY, DnsType.AXFR, DnsType.CNAME, 99};
        DnsMessage.Builder q = DnsMessage.query(rnd.nextInt(65536), DnsName.of(names[rnd.nextInt(names.length)]), types[rnd.nextInt(types.length)]).toBuilder();
        if (rnd.nextBoolean()) q.ednsPayloadSize(rnd.nextInt(65536));
        if (rnd.nextInt(10) == 0) q.opcode(rnd.nextInt(16));
        return DnsCodec.encode(q.build());
    }
}

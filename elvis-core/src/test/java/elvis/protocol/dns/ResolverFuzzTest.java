package elvis.protocol.dns;

import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.dns.RecursiveResolverTest.Asker;
import elvis.protocol.dns.RecursiveResolverTest.Tree;
import elvis.protocol.udp.Udp;
import elvis.protocol.udp.UdpSession;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static elvis.protocol.dns.RecursiveResolverTest.S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random, mutated and truncated messages thrown at a running resolver, at its port 53 and at its
 * upstream source ports (as a spoofer would): each is answered, ignored or a counted drop, nothing
 * fails, and the resolver still resolves afterwards. 10^4 inputs in the normal run;
 * {@code -Dfuzz.dns=1000000} for 10^6.
 */
class ResolverFuzzTest {
    static final int INPUTS = Integer.getInteger("fuzz.dns", 10_000);

    @Test
    void garbageNeverFailsTheResolver() {
        Tree t = new Tree();
        Machine fuzzer = t.sim.machine("fuzzer");
        t.join(fuzzer, "10.0.0.66");
        Random rnd = new Random(15);
        fuzzer.addApplication(new Application() {
            @Override public String name() { return "fuzzer"; }
            @Override public String summary() { return ""; }
            @Override public void start(Machine m) {
                UdpSession s = Udp.of(m).bind(53, this, (d, ip, port) -> { });
                for (int i = 0; i < INPUTS; i++) {
                    byte[] bytes = DnsCodec.encode(RandomDns.message(rnd));
                    switch (rnd.nextInt(3)) {
                        case 0 -> bytes[rnd.nextInt(bytes.length)] ^= (byte) (1 << rnd.nextInt(8));      // a flipped bit
                        case 1 -> bytes = java.util.Arrays.copyOf(bytes, rnd.nextInt(bytes.length + 1));  // cut short
                        default -> { }                                                                       // well formed
                    }
                    int[] ports = t.resolver.resolver().sourcePorts();
                    int port = rnd.nextBoolean() ? 53 : ports[rnd.nextInt(ports.length)];
                    Message datagram = Message.wrap(bytes);
                    m.sim().schedule(i * 10_000L, () -> s.sendTo(t.resolverAddress, port, datagram));
                }
            }
        });
        Asker c = t.asker().ask(INPUTS * 10_000L + S, "www.example.com");
        t.sim.run();
        assertEquals(List.of(), t.resolverMachine.failures());
        assertEquals(List.of("www.example.com.\t30\tIN\tA\t10.0.0.80"), RecursiveResolverTest.answers(c.responses.getFirst()));
        RecursiveResolver.Stats s = t.stats();
        assertTrue(s.malformed > 0 && s.unmatched > 0, "malformed " + s.malformed + ", unmatched " + s.unmatched);
    }
}

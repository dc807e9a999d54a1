package elvis.socket;

import elvis.Simulation;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4Address;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A UDP request/response client in the style of a DNS resolver: each request of random size and
 * content goes to an echo server, and is sent again after a timeout until its reply arrives. Over a
 * random lossy, reordering link, every reply must come back with the request's bytes, late
 * duplicates are recognised by their number, and both programs finish.
 */
class DatagramEchoRandomTest {
    static final long MS = 1_000_000, S = 1_000_000_000;
    static final int SERVER = Ipv4Address.parse("10.0.0.2");

    static byte[] request(int id, int size) {
        byte[] b = new byte[Math.max(4, size)];
        for (int i = 4; i < b.length; i++) b[i] = (byte) (i * 7 + id);
        b[0] = (byte) (id >>> 24); b[1] = (byte) (id >>> 16); b[2] = (byte) (id >>> 8); b[3] = (byte) id;
        return b;
    }

    @Property(tries = 100)
    void everyRequestGetsItsOwnReply(@ForAll long seed) {
        Random rnd = new Random(seed);
        Simulation sim = new Simulation(seed);
        Network net = sim.link("wan", LinkConfig.UNLIMITED.withBandwidth(1_000_000L * (1 + rnd.nextInt(100)))
                .withDelay(100_000L + rnd.nextInt(10) * MS).withJitter(rnd.nextBoolean() ? 0 : rnd.nextInt(5) * MS)
                .withLoss(rnd.nextDouble() * 0.2), Simulation.Resolution.STATIC);
        Machine a = sim.machine("a"), b = sim.machine("b");
        sim.connect(a, net, "10.0.0.1/24");
        sim.connect(b, net, "10.0.0.2/24");
        int requests = 1 + rnd.nextInt(30);
        int[] sizes = new int[requests];
        for (int k = 0; k < requests; k++) sizes[k] = rnd.nextInt(1473);   // up to what fits a 1500-byte MTU
        int[] answered = {0};
        boolean[] clientDone = {false};
        b.addApplication(new ProgramApplication("echo", p -> {
            DatagramSocket s = p.datagramSocket();
            s.bind(53);
            while (true) {
                Datagram d = s.recvfrom(65_536);
                s.sendto(d.data(), d.address(), d.port());
            }
        }));
        a.addApplication(new ProgramApplication("resolver", p -> {
            DatagramSocket s = p.datagramSocket();
            for (int id = 0; id < requests; id++) {
                byte[] q = request(id, sizes[id]);
                boolean got = false;
                for (int attempt = 0; attempt < 40 && !got; attempt++) {
                    s.sendto(Message.wrap(q), SERVER, 53);
                    long deadline = p.now() + 200 * MS;
                    while (!got && p.now() < deadline) {
                        if (p.poll(deadline - p.now(), new PollFd(s, PollFd.POLLIN)) == 0) break;
                        byte[] r = s.recv(65_536).toByteArray();
                        int rid = ((r[0] & 0xFF) << 24) | ((r[1] & 0xFF) << 16) | ((r[2] & 0xFF) << 8) | (r[3] & 0xFF);
                        if (rid != id) continue;                     // a late reply to an earlier request
                        assertThat(r).as("reply " + id).isEqualTo(q);
                        got = true;
                    }
                }
                if (got) answered[0]++;
            }
            clientDone[0] = true;
        }));
        sim.runUntil(10_000 * S);
        assertThat(clientDone[0]).isTrue();
        assertThat(answered[0]).isEqualTo(requests);
        assertThat(a.failures()).isEmpty();
        assertThat(b.failures()).isEmpty();
    }
}

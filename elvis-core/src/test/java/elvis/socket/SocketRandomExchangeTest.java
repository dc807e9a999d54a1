package elvis.socket;

import elvis.Simulation;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.tcp.Tcp;
import elvis.protocol.tcp.TcpConfig;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Blocking programs over a random impaired link: a client sends a request of random length in
 * random-sized sends and shuts its output; the server reads it to the end of stream, answers with
 * a response of random length and closes; the client reads that to the end and closes. Every byte
 * must arrive in place, and both programs must finish.
 */
class SocketRandomExchangeTest {
    static final long MS = 1_000_000, S = 1_000_000_000;
    static final int B = Ipv4Address.parse("10.0.0.2");

    static byte at(long offset, int salt) { return (byte) (offset * 131 + (offset >>> 7) + salt); }

    /** Sends {@code n} pattern bytes in sends of random size; with {@code all}, through sendAll. */
    static void sendPattern(StreamSocket s, long n, int salt, Random rnd, boolean all) {
        for (long sent = 0; sent < n; ) {
            int size = (int) Math.min(n - sent, 1 + rnd.nextInt(rnd.nextBoolean() ? 100 : 20_000));
            byte[] chunk = new byte[size];
            for (int i = 0; i < size; i++) chunk[i] = at(sent + i, salt);
            if (all) {
                s.sendAll(Message.wrap(chunk));
                sent += size;
            } else {
                sent += s.send(Message.wrap(chunk));
            }
        }
    }

    /**
     * Reads to the end of stream in reads of random size, now and then pausing (so the receive buffer
     * fills and the window closes); returns the count, or -1 at a misplaced byte.
     */
    static long readPattern(Process p, StreamSocket s, int salt, Random rnd) {
        long got = 0;
        while (true) {
            if (rnd.nextInt(30) == 0) p.sleep(rnd.nextInt(2000) * MS);
            Message m = s.recv(1 + rnd.nextInt(rnd.nextBoolean() ? 10 : 40_000));
            if (m.isEmpty()) return got;
            for (byte x : m.toByteArray()) if (x != at(got++, salt)) return -1;
        }
    }

    @Property(tries = 150)
    void requestAndResponseArriveWholeThroughBlockingCalls(@ForAll long seed) {
        Random rnd = new Random(seed);
        LinkConfig link = LinkConfig.UNLIMITED
                .withBandwidth(1_000_000L * (1 + rnd.nextInt(100)))
                .withDelay(100_000L + rnd.nextInt(10) * MS)
                .withJitter(rnd.nextBoolean() ? 0 : rnd.nextInt(1000) * 1000L)
                .withLoss(rnd.nextBoolean() ? 0 : rnd.nextDouble() * 0.03)
                .withQueuePackets(rnd.nextBoolean() ? 0 : 10 + rnd.nextInt(100));
        Simulation sim = new Simulation(seed);
        Network net = sim.link("wan", link, Simulation.Resolution.STATIC);
        Machine a = sim.machine("a"), b = sim.machine("b");
        sim.connect(a, net, "10.0.0.1/24");
        sim.connect(b, net, "10.0.0.2/24");
        TcpConfig tcp = TcpConfig.DEFAULT.withSack(rnd.nextBoolean()).withTimestamps(rnd.nextBoolean())
                .withReceiveBuffer(rnd.nextBoolean() ? 1 << 20 : 4_000 + rnd.nextInt(60_000))
                .withSendBuffer(rnd.nextBoolean() ? 1 << 20 : 4_000 + rnd.nextInt(60_000));
        Tcp.of(a).config(tcp);
        Tcp.of(b).config(tcp);
        long request = rnd.nextInt(200_000), response = rnd.nextInt(200_000);
        long seedA = rnd.nextLong(), seedB = rnd.nextLong();
        long[] requestRead = {-2}, responseRead = {-2};
        b.addApplication(new ProgramApplication("server", p -> {
            Random r = new Random(seedB);
            StreamSocket listener = Lan.listener(p, 80);
            StreamSocket c = listener.accept();
            requestRead[0] = readPattern(p, c, 1, r);
            sendPattern(c, response, 2, r, r.nextBoolean());
            c.close();
            listener.close();
        }));
        a.addApplication(new ProgramApplication("client", p -> {
            Random r = new Random(seedA);
            StreamSocket s = p.streamSocket();
            s.connect(B, 80);
            sendPattern(s, request, 1, r, r.nextBoolean());
            s.shutdown(StreamSocket.How.WRITE);
            responseRead[0] = readPattern(p, s, 2, r);
            s.close();
        }));
        sim.runUntil(3000 * S);
        String where = link + " " + tcp;
        assertThat(requestRead[0]).as("request bytes read by the server; " + where).isEqualTo(request);
        assertThat(responseRead[0]).as("response bytes read by the client; " + where).isEqualTo(response);
        assertThat(a.failures()).as(where).isEmpty();
        assertThat(b.failures()).as(where).isEmpty();
    }
}

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
 * Two blocking programs on one connection each do a random sequence of socket calls (poll, send,
 * recv, sleep, shutdown, option changes) over a random lossy link, then close. A call may fail with
 * an errno (the peer may have closed or reset); none may throw anything else, and both programs
 * must finish: a poll that reported readiness is not followed by a call that blocks for good.
 */
class SocketChaosTest {
    static final long MS = 1_000_000, S = 1_000_000_000;
    static final int B = Ipv4Address.parse("10.0.0.2");

    static void chaos(Process p, StreamSocket s, Random rnd) {
        try {
            for (int step = 0, steps = rnd.nextInt(40); step < steps; step++) {
                switch (rnd.nextInt(12)) {
                    case 0 -> s.shutdown(StreamSocket.How.WRITE);
                    case 1 -> s.setReceiveBuffer(1_000 + rnd.nextInt(100_000));
                    case 2 -> s.setNoDelay(rnd.nextBoolean());
                    case 3, 4 -> p.sleep(rnd.nextInt(500) * MS);
                    // Reads and writes wait at most half a second for readiness, as a careful program
                    // does: two ends both blocked in recv (or both in send with full buffers) would
                    // otherwise wait for each other forever, which is the programs' deadlock, not TCP's.
                    case 5, 6, 7 -> { if (ready(p, s, PollFd.POLLIN, rnd)) s.recv(1 + rnd.nextInt(50_000)); }
                    default -> { if (ready(p, s, PollFd.POLLOUT, rnd)) s.send(Message.zeros(1 + rnd.nextInt(50_000))); }
                }
            }
        } catch (ErrnoException e) {
            // the peer closed or reset, or this end shut its output: an application's everyday errors
        } finally {
            s.close();
        }
    }

    static boolean ready(Process p, StreamSocket s, int event, Random rnd) {
        return p.poll(rnd.nextInt(500) * MS, new PollFd(s, event)) > 0;
    }

    @Property(tries = 150)
    void bothProgramsFinishWhateverTheyDo(@ForAll long seed) {
        Random rnd = new Random(seed);
        Simulation sim = new Simulation(seed);
        Network net = sim.link("wan", LinkConfig.UNLIMITED.withBandwidth(1_000_000L * (1 + rnd.nextInt(100)))
                .withDelay(100_000L + rnd.nextInt(10) * MS).withLoss(rnd.nextBoolean() ? 0 : rnd.nextDouble() * 0.05),
                Simulation.Resolution.STATIC);
        Machine a = sim.machine("a"), b = sim.machine("b");
        sim.connect(a, net, "10.0.0.1/24");
        sim.connect(b, net, "10.0.0.2/24");
        long seedA = rnd.nextLong(), seedB = rnd.nextLong();
        boolean[] done = new boolean[2];
        b.addApplication(new ProgramApplication("server", p -> {
            StreamSocket listener = Lan.listener(p, 80);
            StreamSocket c = listener.accept();
            listener.close();
            chaos(p, c, new Random(seedB));
            done[1] = true;
        }));
        a.addApplication(new ProgramApplication("client", p -> {
            StreamSocket s = p.streamSocket();
            s.connect(B, 80);
            chaos(p, s, new Random(seedA));
            done[0] = true;
        }));
        sim.runUntil(3000 * S);
        assertThat(done).as("both programs finished").containsExactly(true, true);
        assertThat(a.failures()).isEmpty();
        assertThat(b.failures()).isEmpty();
    }
}

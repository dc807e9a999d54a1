package elvis.socket;

import elvis.message.Message;
import elvis.protocol.tcp.TcpView;
import elvis.socket.StreamSocket.YankLock;
import elvis.socket.StreamSocket.YankOp;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A blocking sender does a random sequence of sends, peeks, yanks, locks, unlocks and sleeps on a
 * random lossy link (timeouts and SACK recovery happen), keeping a model of the stream: what it
 * queued minus every suffix it yanked. Each peek and yank must return exactly the model's tail of the
 * length the view's unsent count allows, and the receiver must get exactly the model, whatever TCP
 * had in flight or was retransmitting at each call.
 */
class YankChaosTest {
    static final long MS = 1_000_000, S = 1_000_000_000;

    @Property(tries = 60)
    void theReceiverGetsWhatWasSentMinusExactlyTheYankedSuffixes(@ForAll long seed) {
        Random rnd = new Random(seed);
        YankTest.Wan w = new YankTest.Wan(seed, 1_000_000L * (1 + rnd.nextInt(20)), rnd.nextBoolean() ? 0 : rnd.nextDouble() * 0.05);
        long programSeed = rnd.nextLong();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        boolean[] done = {false};
        w.sink(got, done);
        ByteArrayOutputStream[] model = {new ByteArrayOutputStream()};
        int[] yanks = {0};
        Lan.add(w.a, p -> {
            Random r = new Random(programSeed);
            StreamSocket s = p.streamSocket();
            s.setSendBuffer(20_000 + r.nextInt(200_000));
            s.connect(YankTest.B, 80);
            TcpView view = s.inspect();
            long written = 0;
            for (int step = 0, steps = 20 + r.nextInt(60); step < steps; step++) {
                switch (r.nextInt(8)) {
                    case 0, 1 -> {
                        if (p.poll(r.nextInt(300) * MS, new PollFd(s, PollFd.POLLOUT)) == 0) continue;
                        byte[] chunk = new byte[1 + r.nextInt(40_000)];
                        r.nextBytes(chunk);
                        int n = s.send(Message.wrap(chunk));
                        model[0].write(chunk, 0, n);
                        written += n;
                    }
                    case 2, 3 -> {
                        boolean yank = r.nextBoolean();
                        int max = r.nextInt(3) == 0 ? Integer.MAX_VALUE : r.nextInt(30_000);
                        long unsent = view.unsentBytes();
                        YankLock lock = YankLock.values()[r.nextInt(3)];
                        Message m = s.yank(max, yank ? YankOp.YANK : YankOp.PEEK, lock, r.nextBoolean());
                        byte[] stream = model[0].toByteArray();
                        assertThat((long) m.length()).isEqualTo(Math.min(max, unsent));
                        assertThat(m.toByteArray()).isEqualTo(Arrays.copyOfRange(stream, stream.length - m.length(), stream.length));
                        if (yank) {
                            model[0] = new ByteArrayOutputStream();
                            model[0].write(stream, 0, stream.length - m.length());
                            if (m.length() > 0) yanks[0]++;
                        }
                    }
                    default -> p.sleep(r.nextInt(400) * MS);
                }
            }
            assertThat(written).isGreaterThanOrEqualTo(model[0].size());
            if (r.nextBoolean()) s.yank(0, YankOp.PEEK, YankLock.UNLOCK, true);   // else close releases the lock
            s.close();
        });
        w.sim.runUntil(3000 * S);
        assertThat(w.a.failures()).isEmpty();
        assertThat(w.b.failures()).isEmpty();
        assertThat(done[0]).as("the receiver read to the end").isTrue();
        assertThat(got.toByteArray()).isEqualTo(model[0].toByteArray());
    }
}

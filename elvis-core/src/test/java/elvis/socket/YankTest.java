package elvis.socket;

import elvis.Simulation;
import elvis.link.FrameTap;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.ethernet.Ethernet;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.tcp.TcpSegment;
import elvis.protocol.tcp.TcpView;
import elvis.socket.StreamSocket.YankLock;
import elvis.socket.StreamSocket.YankOp;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ModNet's revocation on the kernel's TCP socket (REQUIREMENTS.md R-MN-4): a sender a and a receiver b
 * on a 1 Mbit/s link with 5 ms of delay; a tap on the link records every data segment a puts on the
 * wire, so "unsent" is checked against what really left, and "no retransmission of yanked bytes"
 * against every byte position sent.
 */
class YankTest {
    static final long MS = 1_000_000, S = 1_000_000_000;
    static final int A = Ipv4Address.parse("10.0.0.1"), B = Ipv4Address.parse("10.0.0.2");

    /** a and b on a link of {@code bitsPerSecond} and 5 ms one way, with loss {@code loss}, watched by a tap. */
    static final class Wan {
        final Simulation sim;
        final Machine a, b;
        /** a's data segments as (stream position of the first byte, length, time sent). */
        final List<long[]> segments = new ArrayList<>();
        int isn;

        Wan(long seed, long bitsPerSecond, double loss) {
            sim = new Simulation(seed);
            Network net = sim.link("wan", LinkConfig.UNLIMITED.withBandwidth(bitsPerSecond).withDelay(5 * MS).withLoss(loss),
                    Simulation.Resolution.STATIC);
            a = sim.machine("a");
            b = sim.machine("b");
            sim.connect(a, net, "10.0.0.1/24");
            sim.connect(b, net, "10.0.0.2/24");
            net.addTap(new FrameTap() {
                @Override
                public void sent(Network network, int fromPort, Message frame) {
                    Message ip = frame.slice(Ethernet.HEADER);
                    if (ip.u8(9) != TcpSegment.PROTOCOL || (int) ip.u32(12) != A) return;
                    TcpSegment s = TcpSegment.parse(ip.slice(20, ip.u16(2) - 20), new byte[60]);
                    if (s.has(TcpSegment.SYN)) isn = s.seq;
                    else if (!s.payload.isEmpty()) segments.add(new long[] {s.seq - isn - 1, s.payload.length(), sim.kernel().now()});
                }
            });
        }

        /** One past the stream position of the highest data byte a ever put on the wire. */
        long highestSent() {
            long high = 0;
            for (long[] s : segments) high = Math.max(high, s[0] + s[1]);
            return high;
        }

        /** How many times each stream position below {@code end} was sent. */
        int[] timesSent(int end) {
            int[] n = new int[end];
            for (long[] s : segments) for (long p = s[0]; p < s[0] + s[1]; p++) n[(int) p]++;
            return n;
        }

        /** b accepts one connection on port 80 and reads it to the end into {@code into}. */
        void sink(ByteArrayOutputStream into, boolean[] done) {
            Lan.add(b, p -> {
                StreamSocket l = Lan.listener(p, 80);
                StreamSocket c = l.accept();
                l.close();
                try {
                    for (Message m; !(m = c.recv(1 << 16)).isEmpty(); ) into.writeBytes(m.toByteArray());
                    done[0] = true;
                } catch (ErrnoException e) {
                    // reset: the property tests accept only a clean end
                } finally {
                    c.close();
                }
            });
        }
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] range(byte[] b, long from, long to) { return Arrays.copyOfRange(b, (int) from, (int) to); }

    @Test
    void theRequirementsCheckPeekThenYankFromAnOffsetAndWriteOn() {
        // R-MN-4: fill a 1 MB send buffer at once over 1 Mbit/s; at a later time PEEK returns exactly the
        // unsent bytes; YANK from offset k returns [first unsent + k, end); the receiver gets the prefix
        // up to there, then what is written next, with no gap and no yanked byte on the wire.
        Wan w = new Wan(7, 1_000_000, 0);
        byte[] data = random(1_000_000, 1), next = random(200_000, 2);
        int k = 12_345;
        long[] firstUnsent = {-1};
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        boolean[] done = {false};
        w.sink(got, done);
        Lan.add(w.a, p -> {
            StreamSocket s = p.streamSocket();
            s.setSendBuffer(1_000_000);
            assertThat(s.inspect()).isNull();
            s.connect(B, 80);
            assertThat(s.send(Message.wrap(data))).as("the whole megabyte is taken at once").isEqualTo(1_000_000);
            p.sleep(3 * S);
            TcpView view = s.inspect();
            long first = w.highestSent();
            firstUnsent[0] = first;
            // Sent means handed to the link (its queue included): some, not all, after 3 s at 1 Mbit/s.
            assertThat(first).isBetween(375_000L, 900_000L);
            assertThat(view.unsentBytes()).isEqualTo(data.length - first);
            assertThat((view.sndMax() - Integer.toUnsignedLong(w.isn) - 1) & 0xFFFFFFFFL).as("SND.MAX's stream position").isEqualTo(first);
            Message peek = s.yank(Integer.MAX_VALUE, YankOp.PEEK, YankLock.LOCK, false);
            assertThat(peek.toByteArray()).isEqualTo(range(data, first, data.length));
            p.sleep(2 * S);                                   // locked: the link drains, ACKs come back, no new data leaves
            assertThat(w.highestSent()).isEqualTo(first);
            assertThat(view.unackedBytes()).as("everything sent is acknowledged by now").isZero();
            Message yanked = s.yank(data.length - (int) first - k, YankOp.YANK, YankLock.UNLOCK, false);
            assertThat(yanked.toByteArray()).isEqualTo(range(data, first + k, data.length));
            assertThat(view.unsentBytes()).isLessThanOrEqualTo(k);
            s.sendAll(Message.wrap(next));
            s.close();
        });
        w.sim.runUntil(60 * S);
        assertThat(done[0]).isTrue();
        assertThat(w.a.failures()).isEmpty();
        assertThat(w.b.failures()).isEmpty();
        long cut = firstUnsent[0] + k;
        byte[] expected = new byte[(int) cut + next.length];
        System.arraycopy(data, 0, expected, 0, (int) cut);
        System.arraycopy(next, 0, expected, (int) cut, next.length);
        assertThat(got.toByteArray()).isEqualTo(expected);
        // Every stream position was sent exactly once: no gap, no retransmission, no yanked byte.
        int[] times = w.timesSent(expected.length + 1);
        for (int i = 0; i < expected.length; i++) if (times[i] != 1) throw new AssertionError("position " + i + " sent " + times[i] + " times");
        assertThat(times[expected.length]).isZero();
        assertThat(w.highestSent()).isEqualTo(expected.length);
    }

    @Test
    void unlockResumesTransmissionAndEveryProcessSharingTheSocketSeesTheLock() {
        Wan w = new Wan(8, 1_000_000, 0);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        boolean[] done = {false};
        w.sink(got, done);
        long[] sentWhileLocked = new long[2];
        Lan.add(w.a, p -> {
            StreamSocket s = p.streamSocket();
            s.connect(B, 80);
            s.send(Message.wrap(random(300_000, 3)));
            p.sleep(200 * MS);
            // Another process holds the lock for 400 ms with a PEEK of nothing, then lets go.
            p.spawn(q -> {
                s.yank(0, YankOp.PEEK, YankLock.LOCK, true);
                long before = w.highestSent();
                q.sleep(400 * MS);
                sentWhileLocked[0] = w.highestSent() - before;
                s.yank(0, YankOp.PEEK, YankLock.UNLOCK, true);
                before = w.highestSent();
                q.sleep(100 * MS);
                sentWhileLocked[1] = w.highestSent() - before;
            });
            p.sleep(600 * MS);
            s.close();
        });
        w.sim.runUntil(60 * S);
        assertThat(done[0]).isTrue();
        assertThat(sentWhileLocked[0]).isZero();
        assertThat(sentWhileLocked[1]).as("100 ms at 1 Mbit/s after unlocking").isGreaterThan(5_000);
        assertThat(got.size()).isEqualTo(300_000);
    }

    @Test
    void aWriterBlockedOnAFullBufferWakesWhenAnotherProcessYanks() {
        Wan w = new Wan(9, 1_000_000, 0);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        boolean[] done = {false};
        w.sink(got, done);
        long[] times = new long[2];                             // the yank, the blocked send's return
        byte[] first = random(100_000, 4), second = random(50_000, 5);
        Lan.add(w.a, p -> {
            StreamSocket s = p.streamSocket();
            s.setSendBuffer(100_000);
            s.connect(B, 80);
            assertThat(s.send(Message.wrap(first))).isEqualTo(100_000);
            p.spawn(q -> {
                s.sendAll(Message.wrap(second));             // blocks: the buffer is full
                times[1] = q.now();
                s.close();
            });
            p.sleep(50 * MS);
            times[0] = p.now();
            assertThat(s.yank(60_000, YankOp.YANK, YankLock.NONE, false).length()).isEqualTo(60_000);
            p.sleep(10 * S);                                 // the socket is this process's: it stays open while the writer writes
        });
        w.sim.runUntil(60 * S);
        assertThat(done[0]).isTrue();
        // Without the yank it would wait until ACKs freed a quarter of the buffer: 25 KB at 1 Mbit/s, 200 ms.
        assertThat(times[1]).as("the blocked send returns at the yank").isEqualTo(times[0]);
        byte[] expected = new byte[40_000 + second.length];
        System.arraycopy(first, 0, expected, 0, 40_000);
        System.arraycopy(second, 0, expected, 40_000, second.length);
        assertThat(got.toByteArray()).isEqualTo(expected);
    }

    @Test
    void yankNeedsAConnectionAndForwardingSocketsPassItOn() {
        Wan w = new Wan(10, 10_000_000, 0);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        w.sink(got, new boolean[1]);
        Lan.add(w.a, p -> {
            StreamSocket raw = p.streamSocket();
            Lan.fails(Errno.ENOTCONN, () -> raw.yank(10, YankOp.PEEK, YankLock.NONE, true));
            StreamSocket s = new ForwardingStreamSocket(raw) { };
            s.connect(B, 80);
            assertThat(s.inspect()).isSameAs(raw.inspect()).isNotNull();
            s.yank(0, YankOp.PEEK, YankLock.LOCK, true);
            s.send(Message.wrap(random(5_000, 6)));
            assertThat(s.yank(1_000, YankOp.YANK, YankLock.UNLOCK, true).length()).isEqualTo(1_000);
            Lan.fails(Errno.EINVAL, () -> s.yank(-1, YankOp.PEEK, YankLock.NONE, true));
            s.close();
            Lan.fails(Errno.EBADF, () -> s.yank(1, YankOp.PEEK, YankLock.NONE, true));
        });
        w.sim.runUntil(10 * S);
        assertThat(w.a.failures()).isEmpty();
        assertThat(got.size()).isEqualTo(4_000);
    }

    @Test
    void closingALockedSocketReleasesTheLockSoItsDataAndFinStillGo() {
        Wan w = new Wan(11, 10_000_000, 0);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        boolean[] done = {false};
        w.sink(got, done);
        Lan.add(w.a, p -> {
            StreamSocket s = p.streamSocket();
            s.connect(B, 80);
            s.yank(0, YankOp.PEEK, YankLock.LOCK, true);
            s.send(Message.wrap(random(20_000, 7)));
            s.close();                                       // no one can unlock a closed socket
        });
        w.sim.runUntil(10 * S);
        assertThat(done[0]).isTrue();
        assertThat(got.size()).isEqualTo(20_000);
    }
}

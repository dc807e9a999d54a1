package elvis.web.modnet;

import elvis.Simulation;
import elvis.cpu.Disk;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.modnet.ModNet;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.tcp.Tcp;
import elvis.protocol.tcp.TcpConfig;
import elvis.sim.RandomStream;
import elvis.socket.ProgramApplication;
import elvis.socket.StreamSocket;
import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** The swap module on one connection: the writer is freed at once, the bytes arrive intact, the disk carries the excess. */
class SwapModuleTest {
    static final long MS = 1_000_000;
    static final int SIZE = 1 << 20;

    /** What one transfer showed: when the server's sendAll returned, when the client had everything, the digests. */
    record Outcome(long writtenNs, long receivedNs, String sent, String received, SwapModule module, Disk disk) { }

    static Outcome transfer(SwapModule module, long bandwidth) throws Exception { return transfer(module, bandwidth, Disk.Config.SSD); }

    /** One 1 MB response from a server whose machine has {@code disk} (none when null). */
    static Outcome transfer(SwapModule module, long bandwidth, Disk.Config diskConfig) throws Exception {
        Simulation sim = new Simulation(11);
        Network link = sim.link("access", LinkConfig.UNLIMITED.withBandwidth(bandwidth).withDelay(10 * MS), Simulation.Resolution.STATIC);
        Machine server = sim.machine("server"), client = sim.machine("client");
        sim.connect(server, link, "10.0.0.1/30");
        sim.connect(client, link, "10.0.0.2/30");
        Tcp.of(server).config(TcpConfig.DEFAULT.withSendBuffer(64 * 1024));
        Disk disk = diskConfig == null ? null : Disk.install(server, diskConfig);
        if (module != null) {
            ModNet.of(sim.kernel()).register("sw", module);
            ModNet.of(sim.kernel()).apply(server, "sw");
        }
        byte[] content = new byte[SIZE];
        RandomStream r = RandomStream.forEntity(11, "content");
        for (int i = 0; i < SIZE; i++) content[i] = (byte) r.nextLong();
        long[] times = new long[2];
        MessageDigest got = MessageDigest.getInstance("SHA-256");
        server.addApplication(new ProgramApplication("writer", p -> {
            StreamSocket l = p.streamSocket();
            l.bind(80);
            l.listen(4);
            StreamSocket c = l.accept();
            assertThat(c.recvAll(3).contentEquals(Message.ofUtf8("GET"))).isTrue();
            c.sendAll(Message.wrap(content));
            times[0] = p.now();
            c.close();
        }));
        client.addApplication(new ProgramApplication("reader", p -> {
            StreamSocket s = p.streamSocket();
            s.connect(Ipv4Address.parse("10.0.0.1"), 80);
            s.sendAll(Message.ofUtf8("GET"));
            long n = 0;
            for (Message m = s.recv(1 << 16); !m.isEmpty(); m = s.recv(1 << 16)) {
                got.update(m.toByteArray());
                n += m.length();
            }
            assertThat(n).isEqualTo(SIZE);
            times[1] = p.now();
            s.close();
        }));
        sim.run();
        assertThat(server.failures()).isEmpty();
        assertThat(client.failures()).isEmpty();
        HexFormat hex = HexFormat.of();
        return new Outcome(times[0], times[1], hex.formatHex(MessageDigest.getInstance("SHA-256").digest(content)), hex.formatHex(got.digest()), module, disk);
    }

    @Test
    void theWriterIsFreedAtOnceAndTheBytesArriveIntact() throws Exception {
        // 1 MB over 2 Mbit/s takes ≈ 4.4 s. Without the module the writer waits until all but the
        // 64 KB send buffer is acknowledged; with it, until the module has read it (a round trip after the request).
        Outcome native_ = transfer(null, 2_000_000);
        Outcome swap = transfer(new SwapModule(64 * 1024, 64 * 1024, 2, 100 * MS, true), 2_000_000);
        assertThat(native_.writtenNs()).isGreaterThan(3_900 * MS);
        assertThat(swap.writtenNs()).isLessThan(50 * MS);
        assertThat(swap.received()).isEqualTo(swap.sent());
        assertThat(native_.received()).isEqualTo(native_.sent());
        // The same wire time within 2% (disk reads keep ahead of the 2 Mbit/s drain).
        assertThat((double) swap.receivedNs()).isCloseTo(native_.receivedNs(), org.assertj.core.data.Percentage.withPercentage(2));
        SwapModule m = swap.module();
        // What neither the socket nor the 64 KB allowance held went to disk and came back, all of it.
        assertThat(m.bytesSwappedOut()).isGreaterThan(SIZE - 3 * 64 * 1024);
        assertThat(m.bytesSwappedIn()).isEqualTo(m.bytesSwappedOut());
        assertThat(swap.disk().bytesWritten()).isEqualTo(m.bytesSwappedOut());
        assertThat(swap.disk().bytesRead()).isEqualTo(m.bytesSwappedIn());
        // 2 Mbit/s drains 100 ms in 25 KB: the rest of the 64 KB send buffer was yanked back.
        assertThat(m.yanks()).isPositive();
        assertThat(m.results()).containsEntry("connections", 1L);
    }

    @Test
    void withoutADiskItOnlyForwardsWithinItsAllowance() throws Exception {
        Outcome native_ = transfer(null, 2_000_000, null);
        Outcome m = transfer(new SwapModule(64 * 1024, 64 * 1024, 2, 100 * MS, true), 2_000_000, null);
        assertThat(m.received()).isEqualTo(m.sent());
        assertThat(m.module().bytesSwappedOut()).isZero();
        assertThat(m.module().results()).containsEntry("connections_without_disk", 1L);
        // The writer waits as without the module, sooner by the allowance and what the chain's pair holds.
        assertThat(m.writtenNs()).isLessThan(native_.writtenNs()).isGreaterThan(native_.writtenNs() - 2_000 * MS);
    }

    @Test
    void whenTheDiskIsTheBottleneckTheAdaptationStopsSwapping() throws Exception {
        // A disk far slower than the 2 Mbit/s link (20 operations a second, 1 Mbit/s): swapping
        // everything frees the writer but the reader then waits for the disk; the adaptation sees the
        // disk's expected delay and keeps the response in memory (the writer waits), so the transfer
        // takes about what it takes without the module.
        Disk.Config slowDisk = new Disk.Config(20, 20, 1_000_000, 1, 0);
        Outcome native_ = transfer(null, 2_000_000, slowDisk);
        Outcome adaptive = transfer(new SwapModule(64 * 1024, 64 * 1024, 2, 100 * MS, true), 2_000_000, slowDisk);
        Outcome blind = transfer(new SwapModule(64 * 1024, 64 * 1024, 2, 100 * MS, false), 2_000_000, slowDisk);
        assertThat(adaptive.received()).isEqualTo(adaptive.sent());
        assertThat(blind.received()).isEqualTo(blind.sent());
        assertThat(blind.writtenNs()).isLessThan(50 * MS);
        assertThat(blind.receivedNs()).isGreaterThan(native_.receivedNs() + 2_000 * MS);
        assertThat(adaptive.module().refusals()).isPositive();
        // One chunk went to disk while the disk was idle (its read then cost 0.28 s); then none.
        assertThat(adaptive.module().bytesSwappedOut()).isLessThanOrEqualTo(64 * 1024);
        assertThat(blind.module().bytesSwappedOut()).isGreaterThan(SIZE - 3 * 64 * 1024);
        assertThat((double) adaptive.receivedNs()).isCloseTo(native_.receivedNs(), org.assertj.core.data.Percentage.withPercentage(10));
    }

    @Test
    void theResultIsTheSameTwice() throws Exception {
        Outcome a = transfer(new SwapModule(64 * 1024, 64 * 1024, 2, 100 * MS, true), 2_000_000);
        Outcome b = transfer(new SwapModule(64 * 1024, 64 * 1024, 2, 100 * MS, true), 2_000_000);
        assertThat(b.receivedNs()).isEqualTo(a.receivedNs());
        assertThat(b.module().results()).isEqualTo(a.module().results());
    }
}

package elvis.live;

import static elvis.live.BridgedWorld.MS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import elvis.Simulation;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.sim.RealtimeSimulator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What comes from outside cannot break the simulation: bad frames, floods, a device that vanishes. */
class TapBridgeRobustnessTest {
    /**
     * Sends {@code count} frames of {@code length} bytes (broadcast, EtherType 0x88b5) from a packet
     * socket on {@code dev}, in bursts of 250 a millisecond apart (a faster sender loses frames in
     * the device's own queue, where the bridge never sees them).
     */
    private static String send(String ns, String dev, int length, int count) throws Exception {
        String script = "import socket, time\n"
                + "s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)\n"
                + "s.bind(('" + dev + "', 0))\n"
                + "f = b'\\xff' * 6 + b'\\x02\\x00\\x00\\x00\\x00\\x63' + b'\\x88\\xb5' + b'x' * " + (length - 14) + "\n"
                + "sent = 0\n"
                + "for i in range(" + count + "):\n"
                + "    try:\n"
                + "        s.send(f); sent += 1\n"
                + "    except OSError:\n"
                + "        pass\n"
                + "    if i % 250 == 249:\n"
                + "        time.sleep(0.001)\n"
                + "print('sent', sent)\n";
        return BridgedWorld.execIn(ns, 60, Live.python(), "-c", script);
    }

    @Test
    void shortAndOversizedFramesAreCountedAndNotInjected() throws Exception {
        Live.assumeTap();
        try (BridgedWorld w = new BridgedWorld(LinkConfig.UNLIMITED).bridge().start()) {
            // Linux never sends a frame shorter than an Ethernet header: its packet sockets refuse
            assertThat(BridgedWorld.execIn(w.ns, 10, Live.python(), "-c",
                    "import socket\ns = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)\ns.bind(('" + w.dev + "', 0))\n"
                            + "try:\n    s.send(b'\\x01' * 10)\nexcept OSError as e:\n    print('refused', e.errno)\n"))
                    .contains("refused 22");
            // so the bridge's own check is reached directly, as the reader would
            w.bridge.accept(new byte[10], 10);
            w.bridge.accept(new byte[13], 13);
            // oversized: the namespace's side raised to MTU 9000, frames of 3000 and 1515 bytes
            HostSetup.run(List.of("ip", "-n", w.ns, "link", "set", w.dev, "mtu", "9000"));
            assertThat(send(w.ns, w.dev, 3000, 5)).contains("sent 5");
            assertThat(send(w.ns, w.dev, 1515, 3)).contains("sent 3");
            assertThat(send(w.ns, w.dev, 1514, 2)).contains("sent 2");      // the largest that fits an MTU of 1500
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (w.bridge.stats().oversized() < 8 && System.nanoTime() < deadline) Thread.sleep(20);
            TapStats s = w.bridge.stats();
            assertThat(s.malformed()).isEqualTo(2);
            assertThat(s.oversized()).isEqualTo(8);
            // the traffic still flows
            HostSetup.run(List.of("ip", "-n", w.ns, "link", "set", w.dev, "mtu", "1500"));
            String out = w.exec(20, "ping", "-c", "3", "-i", "0.05", "10.1.0.2");
            assertThat(BridgedWorld.counts(out)).as(out).containsExactly(3, 3);
        }
    }

    @Test
    void aFloodWhileTheKernelIsBusyIsBoundedAndCounted() throws Exception {
        Live.assumeTap();
        try (BridgedWorld w = new BridgedWorld(LinkConfig.UNLIMITED).bridge().start()) {
            CountDownLatch stalled = new CountDownLatch(1), release = new CountDownLatch(1);
            w.kernel.inject(() -> {                         // the kernel falls behind: busy for the flood's length
                stalled.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThat(stalled.await(5, TimeUnit.SECONDS)).isTrue();
            long before = w.bridge.stats().framesIn();     // a frame of Linux's own may already wait behind the stall
            String sent;
            try {
                sent = send(w.ns, w.dev, 60, 20_000);
                Thread.sleep(300);                         // the reader empties the device's queue
            } finally {
                release.countDown();
            }
            TapStats s = w.bridge.stats();
            System.out.println(sent.strip() + "; " + s);
            assertThat(s.framesIn() - before).isBetween(TapBridge.MAX_PENDING - 8L, (long) TapBridge.MAX_PENDING);   // what may wait for the kernel, no more
            assertThat(s.flood()).isPositive();
            // the device's own queue (txqueuelen) may have dropped some before the reader saw them
            assertThat(s.framesIn() - before + s.flood()).isLessThanOrEqualTo(20_000 + 8);   // and a frame of Linux's own or so
            String out = w.exec(20, "ping", "-c", "3", "-i", "0.05", "10.1.0.2");
            assertThat(BridgedWorld.counts(out)).as(out).containsExactly(3, 3);
        }
    }

    @Test
    void theSimulationGoesOnWhenADevicesNamespaceIsDeleted() throws Exception {
        Live.assumeTap();
        String ns, ns2, dev, dev2;
        try (BridgedWorld w = new BridgedWorld(LinkConfig.UNLIMITED.withDelay(5 * MS)).bridge().second().start()) {
            ns = w.ns; ns2 = w.ns2; dev = w.dev; dev2 = w.dev2;
            String out = w.exec(20, "ping", "-c", "3", "-i", "0.05", "10.1.0.2");
            assertThat(BridgedWorld.counts(out)).as(out).containsExactly(3, 3);
            HostSetup.run(List.of("ip", "netns", "del", w.ns));
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!w.bridge.stats().gone() && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(w.bridge.stats().gone()).isTrue();
            assertThat(w.bridge2.stats().gone()).isFalse();
            long events = w.kernel.eventsDispatched();
            // the other namespace still reaches the server; broadcasts towards the vanished device count as refused
            out = BridgedWorld.execIn(w.ns2, 20, "ping", "-c", "5", "-i", "0.05", "10.1.0.2");
            assertThat(BridgedWorld.counts(out)).as(out).containsExactly(5, 5);
            assertThat(w.kernel.eventsDispatched()).isGreaterThan(events);
        }
        String namespaces = HostSetup.run(List.of("ip", "netns", "list"));
        String links = HostSetup.run(List.of("ip", "link", "show"));
        assertThat(namespaces).doesNotContain(ns).doesNotContain(ns2);
        assertThat(links).doesNotContain(dev).doesNotContain(dev2);
    }

    @Test
    void framesTheLinkCorruptedAreDroppedAsANicWould() throws Exception {
        Live.assumeTap();
        try (BridgedWorld w = new BridgedWorld(LinkConfig.UNLIMITED).bridge()) {
            w.lan.configurePort(w.bridge.port(), LinkConfig.UNLIMITED.withCorruption(1.0));
            w.start();
            String out = w.exec(20, "ping", "-c", "2", "-i", "0.2", "-W", "1", "10.0.0.1");
            assertThat(BridgedWorld.counts(out)).as(out).containsExactly(2, 0);
            TapStats s = w.bridge.stats();
            assertThat(s.corrupted()).isPositive();          // the router's ARP replies, every one flipped
            assertThat(s.framesOut()).isZero();
        }
    }

    @Test
    void attachingNeedsTheRealTimeKernelAndASwitchedNetwork() throws Exception {
        Simulation plain = new Simulation(1);
        Network lan = plain.network("lan", LinkConfig.UNLIMITED, Simulation.Resolution.ARP);
        assertThatThrownBy(() -> TapBridge.attach(plain, lan, "eltnever0"))
                .isInstanceOf(LiveException.class).hasMessageContaining("real-time kernel");
        Simulation live = new Simulation(new RealtimeSimulator(1));
        Network p2p = live.link("p2p", LinkConfig.UNLIMITED, Simulation.Resolution.STATIC);
        assertThatThrownBy(() -> TapBridge.attach(live, p2p, "eltnever0"))
                .isInstanceOf(LiveException.class).hasMessageContaining("point-to-point");
        Live.assumeTap();
        Network foreign = new Simulation(new RealtimeSimulator(2)).network("other", LinkConfig.UNLIMITED, Simulation.Resolution.ARP);
        String dev = Live.name("t");
        assertThatThrownBy(() -> TapBridge.attach(live, foreign, dev))
                .isInstanceOf(LiveException.class).hasMessageContaining("not made by this simulation");
        assertThat(HostSetup.run(List.of("ip", "link", "show"))).doesNotContain(dev);   // the device opened first is closed again
    }
}

package elvis.web.video;

import elvis.Simulation;
import elvis.dummynet.profile.BandwidthTrace;
import elvis.dummynet.profile.LinkConditions;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.protocol.ipv4.Ipv4Address;

import java.util.ArrayList;
import java.util.List;

/**
 * A video server and its players: each player behind its own point-to-point link whose direction
 * towards the player follows a bandwidth trace (or a fixed rate) with a drop-tail queue; the other
 * direction is fast.
 */
final class VideoBed {
    static final long MS = 1_000_000, S = 1_000_000_000;

    record Setup(VideoContent content, VideoServer.Mode mode, int sendBuffer, BandwidthTrace downlink, long downlinkBps,
                 long oneWayNs, int queuePackets, long untilNs) {
        Setup withMode(VideoServer.Mode m) { return new Setup(content, m, sendBuffer, downlink, downlinkBps, oneWayNs, queuePackets, untilNs); }
    }

    record Run(Simulation sim, VideoServer server, List<VideoClient> clients) {
        VideoClient client() { return clients.getFirst(); }
    }

    static Abr abrFor(VideoServer.Mode mode) { return mode == VideoServer.Mode.CLIENT ? Abr.parse("rate", 30 * S, 2 * S) : Abr.SERVER; }

    static Run run(long seed, Setup s, List<Abr> players) {
        Simulation sim = new Simulation(seed);
        Machine server = sim.machine("server");
        VideoServer app = new VideoServer(new VideoServer.Config(80, s.content(), s.mode(), s.sendBuffer(), 0.8, 10 * MS, 200 * MS));
        server.addApplication(app);
        List<VideoClient> clients = new ArrayList<>();
        for (int i = 0; i < players.size(); i++) {
            Network link = sim.link("access" + i, LinkConfig.UNLIMITED.withBandwidth(100_000_000).withDelay(s.oneWayNs()), Simulation.Resolution.STATIC);
            Machine m = sim.machine("player" + i);
            sim.connect(m, link, "10.0." + i + ".2/30");
            sim.connect(server, link, "10.0." + i + ".1/30");
            LinkConfig down = LinkConfig.UNLIMITED.withDelay(s.oneWayNs()).withQueuePackets(s.queuePackets());
            down = s.downlink() != null ? down.withConditions(new LinkConditions(null, s.downlink(), null, 0, 0, 0)) : down.withBandwidth(s.downlinkBps());
            link.configurePort(0, down);                     // the pipe towards the player
            VideoClient c = new VideoClient(new VideoClient.Config(Ipv4Address.parse("10.0." + i + ".1"), 80, "server", players.get(i), 1, 30 * S, 0));
            m.addApplication(c);
            clients.add(c);
        }
        sim.runUntil(s.untilNs());
        sim.shutdown();
        return new Run(sim, app, clients);
    }
}

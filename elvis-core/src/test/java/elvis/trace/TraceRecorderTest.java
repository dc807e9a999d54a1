package elvis.trace;

import elvis.Simulation;
import elvis.app.SendDatagrams;
import elvis.app.TcpBulkSend;
import elvis.app.TcpSink;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Drop;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.tcp.CongestionControl;
import elvis.protocol.tcp.TcpConfig;
import elvis.sim.trace.Glob;
import elvis.sim.trace.TraceSink;
import elvis.sim.trace.TraceSource;
import elvis.sim.trace.Tracing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Trace sources: what they report, that it matches the components' state, and that tracing changes nothing. */
class TraceRecorderTest {
    static final long MS = 1_000_000;
    static final int SERVER = Ipv4Address.parse("10.0.0.2");

    @TempDir
    Path tmp;

    /** A bulk TCP transfer over a lossy bottleneck link: client → server. */
    record Transfer(Simulation sim, Network link, Machine client, Machine server, TcpBulkSend send, TcpSink sink) {
        static Transfer of(long seed, double loss, int queuePackets) {
            Simulation sim = new Simulation(seed);
            LinkConfig config = LinkConfig.UNLIMITED.withBandwidth(10_000_000).withDelay(10 * MS).withQueuePackets(queuePackets).withLoss(loss);
            Network link = sim.link("wan", config, Simulation.Resolution.STATIC);
            Machine client = sim.machine("client"), server = sim.machine("server");
            sim.connect(client, link, "10.0.0.1/24");
            sim.connect(server, link, "10.0.0.2/24");
            TcpConfig tcp = TcpConfig.DEFAULT.withCongestionControl("newreno");
            client.tcp().config(tcp);
            server.tcp().config(tcp);
            TcpSink sink = new TcpSink(80, 2_000_000, true);
            server.addApplication(sink);
            TcpBulkSend send = new TcpBulkSend(SERVER, 80, 2_000_000, 0);
            client.addApplication(send);
            return new Transfer(sim, link, client, server, send, sink);
        }
    }

    record Point(long t, String source, String value) { }

    /** Keeps what it receives; checks each TCP value against the connection's state at that moment. */
    static final class Collect implements TraceSink {
        final List<Point> points = new ArrayList<>();
        TcpBulkSend sender;
        int checked;

        @Override public void value(long t, TraceSource s, long v) {
            points.add(new Point(t, s.path(), Long.toString(v)));
            if (sender != null && s.path().startsWith("client/tcp/")) {
                CongestionControl cc = sender.connection().congestionControl();
                if (s.path().endsWith("/cwnd")) assertThat(v).isEqualTo(cc.cwnd());
                if (s.path().endsWith("/ssthresh")) assertThat(v).isEqualTo(cc.ssthresh());
                if (s.path().endsWith("/srtt")) assertThat(v).isEqualTo(sender.connection().info().srttNs());
                checked++;
            }
        }

        @Override public void text(long t, TraceSource s, String v) { points.add(new Point(t, s.path(), v)); }

        List<Point> of(String suffix) { return points.stream().filter(p -> p.source.endsWith(suffix)).toList(); }
    }

    @Test
    void cwndGrowsInSlowStartThenIsCutAtTheFirstLoss() {
        Transfer x = Transfer.of(5, 0.01, 1000);
        Collect c = new Collect();
        c.sender = x.send;
        Tracing.of(x.sim.kernel()).subscribe(new Glob("client/tcp/*"), c);
        x.sim.run();
        assertThat(x.sink.goalMet()).isTrue();

        List<Point> cwnd = c.of("/cwnd"), ssthresh = c.of("/ssthresh");
        String path = "client/tcp/10.0.0.1:" + x.send.connection().localPort() + "-10.0.0.2:80/cwnd";
        assertThat(cwnd).allSatisfy(p -> assertThat(p.source).isEqualTo(path));
        assertThat(c.checked).isGreaterThan(10);
        int firstCut = 1;
        while (firstCut < cwnd.size() && value(cwnd.get(firstCut)) > value(cwnd.get(firstCut - 1))) firstCut++;
        assertThat(firstCut).as("slow start: several increases before the first cut").isGreaterThan(5);
        assertThat(firstCut).isLessThan(cwnd.size());
        long before = value(cwnd.get(firstCut - 1)), after = value(cwnd.get(firstCut));
        assertThat(after).isLessThan(before);
        // The cut is RFC 5681's: ssthresh is reported for the first time, at that instant, about half the flight.
        Point cut = ssthresh.getFirst();
        assertThat(cut.t).isEqualTo(cwnd.get(firstCut).t);
        assertThat(value(cut)).isLessThanOrEqualTo(before / 2 + 1460).isGreaterThanOrEqualTo(2 * 1448);
        // RFC 5681: the initial window for an SMSS of 1448 (1460 less the timestamp option) is 3 segments,
        // and slow start adds one SMSS per ACK, each reported after the segment that carried it.
        assertThat(value(cwnd.getFirst())).isEqualTo(3 * 1448);
        for (int i = 1; i < firstCut; i++) assertThat(value(cwnd.get(i)) - value(cwnd.get(i - 1))).isEqualTo(1448);
        // Each value is reported once per change.
        for (int i = 1; i < cwnd.size(); i++) assertThat(cwnd.get(i).value).isNotEqualTo(cwnd.get(i - 1).value);
        // The loss was on the link: some frame was lost on the wire before the cut.
        assertThat(x.link.stats().droppedLoss()).isPositive();
        assertThat(c.of("/srtt")).isNotEmpty();
        assertThat(value(c.of("/srtt").getFirst())).isGreaterThanOrEqualTo(20 * MS);
    }

    @Test
    void aBottleneckQueueGrowsToItsLimitAndTheDropsSayWhy() throws Exception {
        Transfer x = Transfer.of(1, 0, 20);
        Path file = tmp.resolve("queue.csv");
        try (TraceRecorder r = new TraceRecorder(x.sim.kernel(), file, TraceRecorder.Format.CSV)) {
            r.record(List.of(new Glob("wan>server/*"), new Glob("server/app/*")), List.of(x.link));
            x.sim.run();
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.getFirst()).isEqualTo("time_ns,source,value");
        long level = 0, max = 0, drops = 0, last = -1;
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(",");
            long t = Long.parseLong(f[0]);
            assertThat(t).as("time order").isGreaterThanOrEqualTo(last);
            last = t;
            switch (f[1]) {
                case "wan>server/eth0/queue" -> { level = Long.parseLong(f[2]); max = Math.max(max, level); }
                case "wan>server/eth0/drop" -> {
                    assertThat(f[2]).isEqualTo("queue");
                    assertThat(level).as("a tail drop happens at a full queue").isEqualTo(20);
                    drops++;
                }
                case "wan>server/eth0/queue_bytes" -> assertThat(Long.parseLong(f[2])).isBetween(0L, 20L * 1514);
                case "server/app/tcp_sink/finished" -> {
                    assertThat(t).isEqualTo(x.sink.finishedAtNs());
                    assertThat(Long.parseLong(f[2])).isEqualTo(x.sink.received());
                }
                case "server/app/tcp_sink/accepted" -> assertThat(f[2]).isEqualTo("1");
                default -> throw new AssertionError("unexpected source in " + l);
            }
        }
        assertThat(max).isEqualTo(20);
        assertThat(level).as("the queue drains").isZero();
        assertThat(drops).isEqualTo(x.link.pipe(1).stats().droppedQueue()).isPositive();
        assertThat(lines).anyMatch(l -> l.contains("server/app/tcp_sink/finished"));
    }

    @Test
    void machineDropsAreTracedWithTheirCause() {
        Simulation sim = new Simulation(1);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED.withDelay(MS));
        Machine a = sim.machine("a"), b = sim.machine("b");
        sim.connect(a, lan, "10.0.0.1/24");
        sim.connect(b, lan, "10.0.0.2/24");
        b.udp();                                  // UDP runs there, but nothing listens on port 9
        a.addApplication(new SendDatagrams(SERVER, 9, Message.ofUtf8("nobody listens"), 3, MS, 0));
        Collect c = new Collect();
        Tracing.of(sim.kernel()).subscribe(new Glob("*/drop"), c);
        sim.run();
        assertThat(b.drops(Drop.NO_PORT)).isEqualTo(3);
        assertThat(c.points).extracting(Point::source).containsOnly("b/drop");
        assertThat(c.points).extracting(Point::value).containsExactly("no_port", "no_port", "no_port");
        assertThat(c.points).extracting(Point::t).containsExactly(MS, 2 * MS, 3 * MS);
    }

    /** What a run computed, to compare runs with and without tracing. */
    record Result(long events, long now, String summary, String info, long drops) { }

    static Result result(Transfer x) {
        return new Result(x.sim.kernel().eventsDispatched(), x.sim.kernel().now(), x.sink.summary(),
                x.send.connection().info().toString(), x.link.stats().droppedLoss() + x.link.stats().droppedQueue());
    }

    @Test
    void tracingChangesNothingAndARerunWritesTheSameBytes() throws Exception {
        Transfer plain = Transfer.of(9, 0.02, 30);
        plain.sim.run();
        Result expected = result(plain);

        Transfer unmatched = Transfer.of(9, 0.02, 30);      // a subscriber that wants nothing here
        Tracing.of(unmatched.sim.kernel()).subscribe(new Glob("elsewhere/*"), new Collect());
        unmatched.sim.run();
        assertThat(result(unmatched)).isEqualTo(expected);

        byte[][] files = new byte[2][];
        for (int i = 0; i < 2; i++) {
            Transfer traced = Transfer.of(9, 0.02, 30);
            Path file = tmp.resolve("all" + i + ".jsonl");
            try (TraceRecorder r = new TraceRecorder(traced.sim.kernel(), file, TraceRecorder.Format.JSONL)) {
                r.record(List.of(new Glob("*")), List.of(traced.link));
                traced.sim.run();
                assertThat(r.error()).isNull();
                assertThat(r.records()).isGreaterThan(100);
            }
            assertThat(result(traced)).isEqualTo(expected);
            files[i] = Files.readAllBytes(file);
        }
        assertThat(Arrays.equals(files[0], files[1])).isTrue();
        String text = new String(files[0]);
        assertThat(text).startsWith("{\"t_ns\":").contains("\"source\":\"wan>server/eth0/drop\",\"value\":\"loss\"}")
                .contains("/cwnd\",\"value\":");
    }

    @Test
    void familiesNameEverySourceAPatternCanSelect() {
        Transfer x = Transfer.of(1, 0, 20);
        List<String> families = TraceRecorder.families(List.of(x.client, x.server), List.of(x.link));
        assertThat(families).contains("wan/drop", "wan>server/eth0/queue", "wan>client/eth0/queue_bytes", "client/drop",
                "client/tcp/*/cwnd", "server/tcp/*/rto", "server/app/tcp_sink/*");
        assertThat(TraceRecorder.unmatched(List.of(new Glob("*/cwnd"), new Glob("*/queue")), families)).isNull();
        assertThat(TraceRecorder.unmatched(List.of(new Glob("*/cwnd"), new Glob("router/*")), families)).isEqualTo(new Glob("router/*"));
    }

    private static long value(Point p) { return Long.parseLong(p.value); }

}

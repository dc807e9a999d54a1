package elvis.trace;

import elvis.app.AppEvents;
import elvis.link.FrameTap;
import elvis.link.LinkDrop;
import elvis.link.Network;
import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.tcp.TcpTrace;
import elvis.sim.RandomStream;
import elvis.sim.Simulator;
import elvis.sim.trace.Glob;
import elvis.sim.trace.TraceSink;
import elvis.sim.trace.TraceSource;
import elvis.sim.trace.TraceUnit;
import elvis.sim.trace.Tracing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Records the trace sources that match some patterns into one file, in virtual-time order: CSV with
 * the header {@code time_ns,source,value}, or JSON Lines {@code {"t_ns":…,"source":…,"value":…}}.
 * Records of one instant are in a canonical order ({@link TimeOrder}) that a rerun, and every
 * partitioning of a parallel run, reproduces: by lane, a lane being a machine (its sources), a
 * pipe (its queue and drops) or a network's unknown destinations (of a point-to-point link, per
 * sending end), in the order of their names' keys; within a lane, in the order they happened.
 *
 * <p>The sources (docs/results.md lists them): per machine {@code <m>/drop} (the cause),
 * {@code <m>/tcp/<local>-<remote>/cwnd|ssthresh|srtt|rto}, {@code <m>/app/<application>/<event>};
 * per port of a network {@code <network>><m>/<nic>/queue} (frames waiting), {@code .../queue_bytes}
 * and {@code .../drop} (the link's cause), and {@code <network>/drop} for frames addressed to no port.
 * Link sources come from the network's taps, which this attaches only to networks traced.
 * A write error stops the file and is reported by {@link #error()}, never thrown into the run.
 */
public final class TraceRecorder implements TraceSink, AutoCloseable {
    public enum Format {
        CSV, JSONL;

        /** The format a file name implies (.csv, .jsonl), or null. */
        public static Format of(Path file) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            return name.endsWith(".csv") ? CSV : name.endsWith(".jsonl") ? JSONL : null;
        }
    }

    private final Simulator sim;
    private final RecordFile file;
    private final Format format;
    private final StringBuilder line = new StringBuilder(128);
    private final TimeOrder<Record> order = new TimeOrder<>(this::write);
    private final Map<TraceSource, Long> lanes = new HashMap<>();     // a component's source -> its machine's lane
    private long records;
    private String error;

    /** A trace written into {@code path}. */
    public TraceRecorder(Simulator sim, Path path, Format format) throws IOException { this(sim, path, format, false); }

    private TraceRecorder(Simulator sim, Path path, Format format, boolean spooled) throws IOException {
        this.sim = sim;
        this.format = format;
        byte[] header = format == Format.CSV ? "time_ns,source,value\n".getBytes(StandardCharsets.UTF_8) : new byte[0];
        this.file = spooled ? RecordFile.spooled(path, header) : RecordFile.direct(path, header);
    }

    /** The trace of one partition of a parallel run: spooled beside {@code path}, for {@link PartitionOutput}. */
    public static TraceRecorder spooled(Simulator sim, Path path, Format format) throws IOException {
        return new TraceRecorder(sim, path, format, true);
    }

    public Path path() { return file.path(); }

    RecordFile file() { return file; }

    /** Records written so far. */
    public long records() { return records; }

    /** Null, or why this file stopped early. */
    public String error() { return error; }

    /**
     * The source paths (or, with a {@code *} for what a run fills in, the families of paths) that
     * {@code machines} and {@code networks} publish: what a pattern is checked against before a run.
     */
    public static List<String> families(Iterable<Machine> machines, Iterable<Network> networks) {
        List<String> all = new ArrayList<>();
        for (Machine m : machines) {
            all.add(m.name() + "/drop");
            for (String s : TcpTrace.SOURCES) all.add(m.name() + "/tcp/*/" + s);
            for (Application a : m.applications()) all.add(AppEvents.path(m.name(), a.name(), "*"));
        }
        for (Network n : networks) {
            for (int p = 0; p < n.portCount(); p++) {
                String pipe = pipePath(n, p);
                all.add(pipe + "queue");
                all.add(pipe + "queue_bytes");
                all.add(pipe + "drop");
            }
            all.add(n.name() + "/drop");
        }
        return all;
    }

    /** The first of {@code globs} that no source of {@code families} can match, or null. */
    public static Glob unmatched(List<Glob> globs, List<String> families) {
        for (Glob g : globs) if (families.stream().noneMatch(g::overlaps)) return g;
        return null;
    }

    /** Records the sources matching {@code globs}: from now on for components' own sources, and the links of {@code networks}. */
    public void record(List<Glob> globs, List<Network> networks) {
        Tracing tracing = Tracing.of(sim);
        for (Glob g : globs) tracing.subscribe(g, this);
        for (Network n : networks) {
            LinkTrace t = new LinkTrace(tracing, n);
            if (t.any) n.addTap(t);
        }
    }

    private static String pipePath(Network n, int port) { return n.name() + ">" + n.portName(port) + "/"; }

    /** One line waiting for its time. */
    private sealed interface Record { }
    private record Value(TraceSource source, long value) implements Record { }
    private record Text(TraceSource source, String value) implements Record { }
    /** A queue grows or shrinks; its level is known only when the changes are written in order. */
    /** {@code leaving}: the frame whose planned start this is, which the link may cancel by going down; else null. */
    private record QueueChange(QueueLevel queue, int packets, long bytes, Message leaving) implements Record { }

    private static final class QueueLevel {
        final TraceSource packetSource, byteSource;
        long packets, bytes;
        /** Frames dropped from the queue when the link went down, whose planned start is still to be written: skip it. */
        final List<Message> cancelled = new ArrayList<>();

        QueueLevel(TraceSource packetSource, TraceSource byteSource) {
            this.packetSource = packetSource;
            this.byteSource = byteSource;
        }
    }

    /** A network's queue and drop sources, fed by its tap. */
    private final class LinkTrace implements FrameTap {
        private final QueueLevel[] queues;
        private final TraceSource[] drops;
        private final long[] pipeLanes;
        private final TraceSource unknownDestination;
        private final long unknownLane;         // of a point-to-point link, with the sending port in its low bit
        private final boolean pointToPoint;
        final boolean any;

        LinkTrace(Tracing tracing, Network n) {
            int ports = n.portCount();
            queues = new QueueLevel[ports];
            drops = new TraceSource[ports];
            pipeLanes = new long[ports];
            pointToPoint = n.isPointToPoint();
            unknownLane = pointToPoint ? Network.linkKey(n.name()) : RandomStream.nameKey(n.name());
            boolean found = (unknownDestination = tracing.source(n.name() + "/drop", TraceUnit.TEXT)) != null;
            for (int p = 0; p < ports; p++) {
                String pipe = pipePath(n, p);
                pipeLanes[p] = RandomStream.nameKey(pipe);
                TraceSource q = tracing.source(pipe + "queue", TraceUnit.PACKETS), b = tracing.source(pipe + "queue_bytes", TraceUnit.BYTES);
                if (q != null || b != null) queues[p] = new QueueLevel(q, b);
                drops[p] = tracing.source(pipe + "drop", TraceUnit.TEXT);
                found |= queues[p] != null || drops[p] != null;
            }
            any = found;
        }

        @Override
        public void queued(Network n, int toPort, Message frame, long startNs) {
            QueueLevel q = queues[toPort];
            if (q == null) return;
            long now = sim.now();
            order.add(now, now, pipeLanes[toPort], new QueueChange(q, 1, frame.length(), null));
            if (startNs >= 0) order.add(now, startNs, pipeLanes[toPort], new QueueChange(q, -1, -frame.length(), frame));
        }

        @Override
        public void unqueued(Network n, int toPort, Message frame, long plannedStartNs) {
            QueueLevel q = queues[toPort];
            if (q == null) return;
            long now = sim.now();
            order.add(now, now, pipeLanes[toPort], new QueueChange(q, -1, -frame.length(), null));
            if (plannedStartNs >= 0) q.cancelled.add(frame);      // the link went down before its start
        }

        @Override
        public void dropped(Network n, int fromPort, int toPort, Message frame, LinkDrop cause, long timeNs) {
            TraceSource s = toPort < 0 ? unknownDestination : drops[toPort];
            if (s == null) return;
            long lane = toPort >= 0 ? pipeLanes[toPort] : pointToPoint ? unknownLane | fromPort : unknownLane;
            order.add(sim.now(), timeNs, lane, new Text(s, cause.label()));
        }
    }

    @Override
    public void value(long timeNs, TraceSource source, long value) { order.add(sim.now(), timeNs, lane(source), new Value(source, value)); }

    @Override
    public void text(long timeNs, TraceSource source, String value) { order.add(sim.now(), timeNs, lane(source), new Text(source, value)); }

    /** A component's source: the lane of its machine, the path's first part ("client/tcp/…/cwnd": client). */
    private long lane(TraceSource source) {
        Long lane = lanes.get(source);
        if (lane == null) {
            String path = source.path();
            int slash = path.indexOf('/');
            lanes.put(source, lane = RandomStream.nameKey(slash < 0 ? path : path.substring(0, slash)));
        }
        return lane;
    }

    private void write(long timeNs, long lane, Record r) {
        switch (r) {
            case Value v -> line(timeNs, lane, v.source, v.value, null);
            case Text t -> line(timeNs, lane, t.source, 0, t.value);
            case QueueChange c -> {
                QueueLevel q = c.queue;
                if (c.leaving != null && !q.cancelled.isEmpty() && removeSame(q.cancelled, c.leaving)) return;
                q.packets += c.packets;
                q.bytes += c.bytes;
                if (q.packetSource != null) line(timeNs, lane, q.packetSource, q.packets, null);
                if (q.byteSource != null) line(timeNs, lane, q.byteSource, q.bytes, null);
            }
        }
    }

    private static boolean removeSame(List<Message> list, Message m) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == m) {
                list.remove(i);
                return true;
            }
        }
        return false;
    }

    /** One line: a number, or {@code text} when it is not null. */
    private void line(long timeNs, long lane, TraceSource source, long number, String text) {
        if (error != null) return;
        StringBuilder b = line;
        b.setLength(0);
        if (format == Format.CSV) {
            b.append(timeNs).append(',');
            csv(b, source.path());
            b.append(',');
            if (text == null) b.append(number);
            else csv(b, text);
        } else {
            b.append("{\"t_ns\":").append(timeNs).append(",\"source\":");
            DropLog.string(b, source.path());
            b.append(",\"value\":");
            if (text == null) b.append(number);
            else DropLog.string(b, text);
            b.append('}');
        }
        b.append('\n');
        try {
            file.text(timeNs, lane, b);
            records++;
        } catch (IOException e) {
            error = "writing " + path() + " failed: " + e.getMessage();
        }
    }

    /** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
    private static void csv(StringBuilder b, String s) {
        boolean quote = false;
        for (int i = 0; i < s.length() && !quote; i++) {
            char c = s.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (!quote) {
            b.append(s);
            return;
        }
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') b.append('"');
            b.append(c);
        }
        b.append('"');
    }

    /** Writes what the run reached and closes the file; records for later times are forgotten. */
    @Override
    public void close() {
        order.finish(sim.now());
        try {
            file.close();
        } catch (IOException e) {
            if (error == null) error = "closing " + path() + " failed: " + e.getMessage();
        }
    }
}

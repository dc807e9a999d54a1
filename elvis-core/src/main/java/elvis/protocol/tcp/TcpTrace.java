package elvis.protocol.tcp;

import elvis.protocol.ipv4.Ipv4Address;
import elvis.sim.trace.TraceSource;
import elvis.sim.trace.TraceUnit;
import elvis.sim.trace.Tracing;

import java.util.List;

/**
 * The trace sources of one connection, {@code <machine>/tcp/<local ip>:<port>-<remote ip>:<port>/}
 * {@code cwnd}, {@code ssthresh} (bytes), {@code srtt} and {@code rto} (ns). It exists only when a
 * subscriber wants one of them. The connection samples it after each segment and timeout, so a
 * source reports the state each event left, once per change: values within one event collapse.
 * ssthresh starts unbounded and srtt unmeasured; each is first reported once it has a value.
 */
public final class TcpTrace {
    /** The names of a connection's sources. */
    public static final List<String> SOURCES = List.of("cwnd", "ssthresh", "srtt", "rto");

    private final TraceSource cwnd, ssthresh, srtt, rto;
    private long lastCwnd = -1, lastSsthresh = Long.MAX_VALUE, lastSrtt = -1, lastRto = -1;

    private TcpTrace(TraceSource cwnd, TraceSource ssthresh, TraceSource srtt, TraceSource rto) {
        this.cwnd = cwnd;
        this.ssthresh = ssthresh;
        this.srtt = srtt;
        this.rto = rto;
    }

    /** The trace of {@code c}, or null when nobody subscribes to any of its sources. */
    static TcpTrace attach(TcpConnection c) {
        Tracing t = Tracing.of(c.machine().sim());
        if (!t.active()) return null;
        String prefix = path(c.machine().name(), c.localIp, c.localPort, c.remoteIp, c.remotePort);
        TraceSource w = t.source(prefix + "cwnd", TraceUnit.BYTES), s = t.source(prefix + "ssthresh", TraceUnit.BYTES),
                r = t.source(prefix + "srtt", TraceUnit.NANOSECONDS), o = t.source(prefix + "rto", TraceUnit.NANOSECONDS);
        return w == null && s == null && r == null && o == null ? null : new TcpTrace(w, s, r, o);
    }

    /** The path prefix of a connection's sources, e.g. "client/tcp/10.0.0.1:49152-10.0.0.2:80/". */
    public static String path(String machine, int localIp, int localPort, int remoteIp, int remotePort) {
        return machine + "/tcp/" + Ipv4Address.format(localIp) + ":" + localPort + "-" + Ipv4Address.format(remoteIp) + ":" + remotePort + "/";
    }

    /** Reports what changed since the last sample. */
    void sample(long nowNs, CongestionControl cc, RttEstimator rtt) {
        if (cc != null) {
            if (cwnd != null && cc.cwnd() != lastCwnd) cwnd.value(nowNs, lastCwnd = cc.cwnd());
            if (ssthresh != null && cc.ssthresh() != lastSsthresh) ssthresh.value(nowNs, lastSsthresh = cc.ssthresh());
        }
        if (srtt != null && rtt.srtt() != lastSrtt) srtt.value(nowNs, lastSrtt = rtt.srtt());
        if (rto != null && rtt.rto() != lastRto) rto.value(nowNs, lastRto = rtt.rto());
    }
}

package elvis.app;

import elvis.protocol.tcp.CongestionControlRegistry;
import elvis.protocol.tcp.TcpConfig;

import java.util.List;
import java.util.Map;

/**
 * The TCP parameters a description may set on a machine, e.g.
 * {@code [Protocol name='TCP' cc='cubic' iw='10' min_rto='200ms']}. Unset ones keep the RFC
 * defaults of {@link TcpConfig#DEFAULT}.
 */
public final class TcpParameters {
    private TcpParameters() { }

    public static final List<Param> PARAMS = List.of(
            Param.choice("cc", false, CongestionControlRegistry.names().toArray(String[]::new)),
            Param.optional("iw", Kind.INT),
            Param.optional("mss", Kind.INT),
            Param.optional("send_buffer", Kind.SIZE),
            Param.optional("receive_buffer", Kind.SIZE),
            Param.optional("min_rto", Kind.DURATION),
            Param.optional("initial_rto", Kind.DURATION),
            Param.optional("max_retries", Kind.INT),
            Param.optional("delayed_ack", Kind.DURATION),
            Param.optional("nagle", Kind.BOOLEAN),
            Param.optional("sack", Kind.BOOLEAN),
            Param.optional("timestamps", Kind.BOOLEAN),
            Param.optional("window_scale", Kind.BOOLEAN),
            Param.optional("msl", Kind.DURATION));

    /** {@code base} with the given parameters applied; errors name the parameter at fault. */
    public static TcpConfig apply(TcpConfig base, Map<String, String> values) {
        Arguments a = new Arguments(values);
        TcpConfig c = base;
        if (a.has("cc")) c = c.withCongestionControl(a.string("cc").toLowerCase());
        if (a.has("iw")) c = c.withInitialWindow((int) a.integer("iw", 1, 1000));
        if (a.has("mss")) c = c.withMss((int) a.integer("mss", 64, 65495));
        if (a.has("send_buffer")) c = c.withSendBuffer((int) a.size("send_buffer", 1L << 30, 0));
        if (a.has("receive_buffer")) c = c.withReceiveBuffer((int) a.size("receive_buffer", 65535L << 14, 0));
        if (a.has("min_rto")) c = c.withMinRto(positive(a, "min_rto"));
        if (a.has("initial_rto")) c = c.withInitialRto(positive(a, "initial_rto"));
        if (a.has("max_retries")) c = c.withMaxRetries((int) a.integer("max_retries", 1, 100));
        if (a.has("delayed_ack")) c = c.withDelayedAck(a.duration("delayed_ack", 0));
        if (a.has("nagle")) c = c.withNagle(a.bool("nagle", true));
        if (a.has("sack")) c = c.withSack(a.bool("sack", true));
        if (a.has("timestamps")) c = c.withTimestamps(a.bool("timestamps", true));
        if (a.has("window_scale")) c = c.withWindowScale(a.bool("window_scale", true));
        if (a.has("msl")) c = c.withMsl(a.duration("msl", 0));
        for (String key : a.keys()) {
            if (PARAMS.stream().noneMatch(p -> p.name().equals(key)))
                throw new Arguments.ArgumentException(key, "protocol 'TCP' has no parameter '" + key + "'");
        }
        return c;
    }

    private static long positive(Arguments a, String key) {
        long v = a.duration(key, 0);
        if (v <= 0) throw new Arguments.ArgumentException(key, "'" + key + "' must be above 0");
        return v;
    }
}

package elvis.protocol.icmp;

import elvis.config.Attribute;
import elvis.config.Schema;
import elvis.config.Values;

/**
 * Per-machine ICMP parameters, each declared once as an {@link Attribute}: the NDL's
 * [Protocol name='ICMP' ...] keys, their checks and the docs table come from {@link #SCHEMA}.
 * The rate limit is one token bucket per machine (RFC 1812 §4.3.2.8) with the defaults of Linux's
 * machine-wide limiter ({@code icmp_msgs_per_sec} 1000, {@code icmp_msgs_burst} 50).
 */
public final class IcmpConfig {
    private static final Schema.Builder DECLARE = Schema.builder("ICMP");
    public static final Attribute<Boolean> ECHO_REPLY = DECLARE.add(Attribute.bool("echo_reply").byDefault(true)
            .doc("answer echo requests (ping); `false` ignores them, as Linux's `icmp_echo_ignore_all`"));
    public static final Attribute<Integer> RATE = DECLARE.add(Attribute.integer("rate", 0, 1_000_000_000).byDefault(1000)
            .doc("errors per second this machine may send (RFC 1812 §4.3.2.8 token bucket); `0` = unlimited"));
    public static final Attribute<Integer> BURST = DECLARE.add(Attribute.integer("burst", 1, 1_000_000).byDefault(50)
            .doc("errors the bucket holds: how many may leave at once after a quiet spell"));
    /** Every ICMP attribute, in declaration order. */
    public static final Schema SCHEMA = DECLARE.build();

    public static final IcmpConfig DEFAULT = new IcmpConfig(SCHEMA.defaults());

    private final Values values;
    private final boolean echoReply;
    private final long tokenNs, bucketNs;     // time that earns one error; the bucket's capacity in time

    public IcmpConfig(Values values) {
        if (!values.schema().includes(SCHEMA)) throw new IllegalArgumentException("not ICMP's values: " + values);
        this.values = values;
        echoReply = values.get(ECHO_REPLY);
        int rate = values.get(RATE);
        tokenNs = rate == 0 ? 0 : 1_000_000_000L / rate;
        bucketNs = tokenNs * values.get(BURST);
    }

    /** This configuration with one attribute changed; throws when the declaration does not allow the value. */
    public <T> IcmpConfig with(Attribute<T> attribute, T value) { return new IcmpConfig(values.with(attribute, value)); }

    public IcmpConfig withEchoReply(boolean on) { return with(ECHO_REPLY, on); }

    /** Errors per second (0: unlimited) and bucket size. */
    public IcmpConfig withRateLimit(int perSecond, int burst) { return with(RATE, perSecond).with(BURST, burst); }

    public Values values() { return values; }

    public boolean echoReply() { return echoReply; }

    /** Virtual time that earns one error; 0 when errors are not limited. */
    long tokenNs() { return tokenNs; }

    /** The bucket's capacity, in virtual time. */
    long bucketNs() { return bucketNs; }

    @Override
    public boolean equals(Object o) { return o instanceof IcmpConfig c && c.values.equals(values); }

    @Override
    public int hashCode() { return values.hashCode(); }

    @Override
    public String toString() { return values.toString(); }
}

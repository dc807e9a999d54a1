package elvis.protocol.ipv4;

import elvis.config.Attribute;
import elvis.config.Schema;
import elvis.config.Values;

/**
 * Per-machine IPv4 parameters, each declared once below as an {@link Attribute}: the NDL's
 * [Protocol name='IPv4' ...] keys, their checks and the docs table come from {@link #SCHEMA}.
 * Defaults: Linux's 30 s reassembly timeout (ipfrag_time; RFC 1122 §3.3.2 leaves it to the
 * implementation) and 4 MiB of reassembly memory (ipfrag_high_thresh), RFC 1191's 10-minute ageing
 * of a learnt path MTU.
 */
public final class Ipv4Config {
    static final long S = 1_000_000_000L;
    private static final long YEAR = 8760 * 3600 * S;

    private static final Schema.Builder DECLARE = Schema.builder("IPv4");
    public static final Attribute<Long> REASSEMBLY_TIMEOUT = DECLARE.add(Attribute.duration("reassembly_timeout", 1, YEAR)
            .byDefault(30 * S).doc("how long the fragments of a datagram wait for the rest before they are discarded "
                    + "(time exceeded, code 1, to the source when the first had come)"));
    public static final Attribute<Long> REASSEMBLY_MEMORY = DECLARE.add(Attribute.size("reassembly_memory", 1, 1L << 40)
            .byDefault(4L << 20).doc("bytes of fragments a machine holds for reassembly (each charged its length plus "
                    + Reassembly.FRAGMENT_OVERHEAD + "); a fragment beyond it is dropped"));
    public static final Attribute<Long> PMTU_AGE = DECLARE.add(Attribute.duration("pmtu_age", 1, YEAR)
            .byDefault(600 * S).doc("how long a path MTU learnt from frag-needed holds before the interface's MTU is tried again (RFC 1191 §6.3)"));
    /** Every IPv4 attribute, in declaration order. */
    public static final Schema SCHEMA = DECLARE.build();

    public static final Ipv4Config DEFAULT = new Ipv4Config(SCHEMA.defaults());

    private final Values values;
    private final long reassemblyTimeoutNs, reassemblyMemory, pmtuAgeNs;

    /** From values of {@link #SCHEMA} (or a schema extending it). */
    public Ipv4Config(Values values) {
        if (!values.schema().includes(SCHEMA)) throw new IllegalArgumentException("not IPv4's values: " + values);
        this.values = values;
        reassemblyTimeoutNs = values.get(REASSEMBLY_TIMEOUT);
        reassemblyMemory = values.get(REASSEMBLY_MEMORY);
        pmtuAgeNs = values.get(PMTU_AGE);
    }

    /** This configuration with one attribute changed; throws when the declaration does not allow the value. */
    public <T> Ipv4Config with(Attribute<T> attribute, T value) { return new Ipv4Config(values.with(attribute, value)); }

    public Ipv4Config withReassemblyTimeout(long ns) { return with(REASSEMBLY_TIMEOUT, ns); }
    public Ipv4Config withReassemblyMemory(long bytes) { return with(REASSEMBLY_MEMORY, bytes); }
    public Ipv4Config withPmtuAge(long ns) { return with(PMTU_AGE, ns); }

    /** Every attribute's value, for echoes. */
    public Values values() { return values; }
    public long reassemblyTimeoutNs() { return reassemblyTimeoutNs; }
    public long reassemblyMemory() { return reassemblyMemory; }
    public long pmtuAgeNs() { return pmtuAgeNs; }
}

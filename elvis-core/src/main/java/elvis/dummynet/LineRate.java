package elvis.dummynet;

/**
 * The bandwidth of a pipe's line as a function of virtual time: constant ({@link Constant}, the
 * default, the {@code bw} parameter) or a trace replayed by the profile part. The serializer asks
 * when a packet's last bit leaves; the burst rule asks how much the line could have sent while idle.
 */
public interface LineRate {
    /**
     * When the last of {@code bits} leaves a line that starts sending them at {@code start} (ns),
     * not earlier than start. A rate of 0 over a span means the line sends nothing then.
     */
    long finish(long start, long bits);

    /** Bits the line could send in [from, to): the credit an idle pipe's {@code burst} accrues. */
    long capacity(long from, long to);

    /** The rate at {@code time}, bit/s, for reports. */
    long bitsPerSecond(long time);

    /**
     * A constant {@code bps} (0 = unlimited). Transmission times are exact rationals rounded up to
     * the ns; see {@link Serializer} for the carried remainder that keeps a long run exact.
     */
    record Constant(long bps) implements LineRate {
        public Constant {
            if (bps < 0) throw new IllegalArgumentException("bandwidth must be >= 0: " + bps);
        }

        @Override public long finish(long start, long bits) { return bps == 0 ? start : start + Math.ceilDiv(bits * 1_000_000_000L, bps); }
        @Override
        public long capacity(long from, long to) {
            long span = to - from;
            if (bps == 0) return Long.MAX_VALUE;
            if (Math.multiplyHigh(span, bps) == 0 && span * bps >= 0) return span * bps / 1_000_000_000L;
            return (long) Math.min(Long.MAX_VALUE, (double) span * bps / 1e9);      // beyond any burst cap
        }
        @Override public long bitsPerSecond(long time) { return bps; }
    }
}

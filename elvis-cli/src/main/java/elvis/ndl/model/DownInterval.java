package elvis.ndl.model;

/** A time a network or an interface is down: from {@code fromNs} to {@code toNs} ({@link Long#MAX_VALUE}: to the end). */
public record DownInterval(long fromNs, long toNs) {
    public static final long FOREVER = Long.MAX_VALUE;
}

package elvis.ndl.model;

/**
 * Hands out aligned subnets from an address block in order: each request gets the next subnet of its
 * size, aligned to it. The NDL {@code [AS block]} carves its networks this way, and
 * {@code elvis generate internet} sizes the blocks it writes with the same rule.
 */
public final class BlockCarver {
    private final long start, end;   // end exclusive
    private long next;

    public BlockCarver(Subnet block) {
        this.start = block.base().unsigned();
        this.end = start + block.size();
        this.next = start;
    }

    /** The subnet a network of {@code machines} machines needs: its hosts plus network and broadcast, at least a /30. */
    public static int prefixFor(long machines) {
        long need = Math.max(4, machines + 2);
        int bits = 64 - Long.numberOfLeadingZeros(need - 1);
        return 32 - bits;
    }

    /** The next aligned subnet of that prefix length, or null when the block has no room left. */
    public Subnet next(int prefix) {
        long size = 1L << (32 - prefix);
        long at = (next + size - 1) / size * size;
        if (prefix < 0 || at + size > end) return null;
        next = at + size;
        return new Subnet(Ipv4.ofUnsigned(at), prefix);
    }

    /** Addresses used so far, alignment gaps included. */
    public long used() { return next - start; }
}

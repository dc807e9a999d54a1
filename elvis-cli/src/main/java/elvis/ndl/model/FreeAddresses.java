package elvis.ndl.model;

import java.util.Arrays;
import java.util.List;

/**
 * The addresses a network hands out automatically, in order: its segments one after another, minus
 * the claimed addresses. The k-th address is found by binary search, so no address is ever listed.
 */
public final class FreeAddresses {

    private final long[] first;
    private final long[] last;
    /** before[i] = free addresses in segments 0..i-1. */
    private final long[] before;
    private final long[] claimed;
    private final long capacity;

    /**
     * @param segments disjoint inclusive ranges {@code {first, last}} of unsigned addresses, in hand-out order
     * @param claimed  addresses not to hand out (any order; those outside every segment are ignored)
     */
    public FreeAddresses(List<long[]> segments, long[] claimed) {
        int n = segments.size();
        this.first = new long[n];
        this.last = new long[n];
        this.before = new long[n];
        this.claimed = claimed.clone();
        Arrays.sort(this.claimed);
        long total = 0;
        for (int i = 0; i < n; i++) {
            first[i] = segments.get(i)[0];
            last[i] = segments.get(i)[1];
            before[i] = total;
            total += last[i] - first[i] + 1 - claimedIn(first[i], last[i]);
        }
        this.capacity = total;
    }

    public long capacity() {
        return capacity;
    }

    /** The k-th (0-based) free address. */
    public Ipv4 get(long k) {
        if (k < 0 || k >= capacity) {
            throw new IndexOutOfBoundsException("address " + k + " of " + capacity);
        }
        int lo = 0;
        int hi = first.length - 1;
        while (lo < hi) { // last segment whose before[] <= k
            int mid = (lo + hi + 1) >>> 1;
            if (before[mid] <= k) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        long want = k - before[lo] + 1;
        long a = first[lo];
        long x = a;
        long y = last[lo];
        while (x < y) { // smallest address in the segment with `want` free addresses up to it
            long mid = (x + y) >>> 1;
            if (mid - a + 1 - claimedIn(a, mid) >= want) {
                y = mid;
            } else {
                x = mid + 1;
            }
        }
        return Ipv4.ofUnsigned(x);
    }

    /** The position of {@code address} among the free addresses (what {@link #get} takes), or -1 when it is not one. */
    public long indexOf(Ipv4 address) {
        long a = address.unsigned();
        for (int i = 0; i < first.length; i++) {
            if (a < first[i] || a > last[i]) continue;
            if (claimedIn(a, a) > 0) return -1;
            return before[i] + (a - first[i]) - claimedIn(first[i], a);
        }
        return -1;
    }

    private long claimedIn(long from, long to) {
        return lowerBound(to + 1) - lowerBound(from);
    }

    private int lowerBound(long value) {
        int lo = 0;
        int hi = claimed.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (claimed[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}

package elvis.protocol.dhcp;

import elvis.protocol.ipv4.Ipv4Address;
import elvis.util.LongIntMap;

import java.util.Arrays;

/**
 * The addresses a {@link DhcpServer} hands out on one subnet, with their lease time and options.
 * Every address of {@code first..last} has a state (free, offered, leased, declined), a deadline and
 * its last client, in flat arrays; clients find theirs through a hash map, free addresses come from
 * a never-used cursor and then a queue of freed ones, and offers and leases expire from FIFO queues
 * (all of a kind last equally long, so each queue is in deadline order). Every request costs O(1)
 * amortised, whatever the pool's size. An address keeps its last client after it is freed, so a
 * client that comes back gets it again while nobody else took it.
 *
 * <p>Use: {@code new DhcpPool(Ipv4Address.parse("10.0.0.0"), 24, first, last).leaseSeconds(3600).router(gw).dns(ns).domain("example.com")},
 * then {@link #reserve} addresses the pool must not give (the server's own, the router's) and
 * {@link #fixed} static reservations.
 */
public final class DhcpPool {
    static final byte FREE = 0, OFFERED = 1, LEASED = 2, DECLINED = 3, RESERVED = 4;

    final int first, size;
    int network, prefixLength = -1;      // -1 until known: a range given alone takes its server's subnet
    long leaseSeconds = 86_400;
    long renewalSeconds = -1, rebindingSeconds = -1;   // options 58 and 59; -1: not sent, the client takes 0.5 and 0.875
    int router;
    int[] dns;
    String domain;

    private final byte[] state;
    private final long[] until;          // offer or lease deadline (ns)
    private final long[] owner;          // the client key last given each address; -1 none
    private final LongIntMap byClient = new LongIntMap();
    private LongIntMap fixed;            // static reservations: client key -> index
    private int neverUsed;               // addresses [neverUsed, size) were never handed out
    private int[] freed = new int[16];   // a ring of freed indices (may hold stale ones: checked when taken)
    private int freedHead, freedCount;
    private final Expiries offers = new Expiries(), leases = new Expiries();
    private int available;

    /** A pool of {@code first..last} on {@code network}/{@code prefixLength}; network and broadcast addresses are left out. */
    public DhcpPool(int network, int prefixLength, int first, int last) {
        this(first, last);
        onSubnet(network, prefixLength);
    }

    /** A pool of {@code first..last} on the subnet of the server's interface that holds it, known when the server starts. */
    public DhcpPool(int first, int last) {
        if (Integer.compareUnsigned(first, last) > 0)
            throw new IllegalArgumentException("pool " + Ipv4Address.format(first) + "-" + Ipv4Address.format(last) + " ends before it starts");
        long n = (last & 0xFFFF_FFFFL) - (first & 0xFFFF_FFFFL) + 1;
        if (n > 1 << 24) throw new IllegalArgumentException("pool larger than 2^24 addresses");
        this.first = first;
        this.size = (int) n;
        state = new byte[size];
        until = new long[size];
        owner = new long[size];
        Arrays.fill(owner, -1);
        available = size;
    }

    /** Places the pool on subnet {@code network}/{@code prefixLength}, which must hold its range. */
    DhcpPool onSubnet(int network, int prefixLength) {
        if (prefixLength < 0 || prefixLength > 32) throw new IllegalArgumentException("prefix length must be 0..32: " + prefixLength);
        int mask = Ipv4Address.mask(prefixLength);
        int last = first + size - 1;
        if (((first ^ network) & mask) != 0 || ((last ^ network) & mask) != 0)
            throw new IllegalArgumentException("pool " + Ipv4Address.format(first) + "-" + Ipv4Address.format(last) + " is not in "
                    + Ipv4Address.format(network & mask) + "/" + prefixLength);
        this.network = network & mask;
        this.prefixLength = prefixLength;
        if (prefixLength < 31) {
            reserve(this.network);
            reserve(this.network | ~mask);
        }
        return this;
    }

    boolean placed() { return prefixLength >= 0; }
    int firstAddress() { return first; }
    int lastAddress() { return first + size - 1; }

    /** The whole subnet but its network and broadcast addresses. */
    public static DhcpPool subnet(int network, int prefixLength) {
        int mask = Ipv4Address.mask(prefixLength);
        return new DhcpPool(network & mask, prefixLength, network & mask, network | ~mask);
    }

    public DhcpPool leaseSeconds(long s) {
        if (s < 1 || s > DhcpMessage.INFINITE) throw new IllegalArgumentException("lease time must be 1..4294967295 s");
        leaseSeconds = s;
        return this;
    }
    /** Sends T1 and T2 (options 58, 59) in whole seconds; by default they are not sent and clients use 0.5 and 0.875 of the lease exactly. */
    public DhcpPool renewalTimes(long t1Seconds, long t2Seconds) {
        if (t1Seconds < 0 || t1Seconds > t2Seconds || t2Seconds > leaseSeconds) throw new IllegalArgumentException("need 0 <= T1 <= T2 <= lease time");
        renewalSeconds = t1Seconds;
        rebindingSeconds = t2Seconds;
        return this;
    }
    public DhcpPool router(int ip) { router = ip; return this; }
    public DhcpPool dns(int... servers) { dns = servers.clone(); return this; }
    public DhcpPool domain(String d) { domain = d; return this; }

    /** Never hands out {@code ip} (an address already used on the subnet); ignored when outside the range. */
    public DhcpPool reserve(int ip) {
        int i = index(ip);
        if (i >= 0 && state[i] == FREE) {
            state[i] = RESERVED;
            available--;
        }
        return this;
    }

    /** Always gives {@code ip} to the client with hardware address {@code mac} (a static reservation), and to nobody else. */
    public DhcpPool fixed(long mac, int ip) {
        int i = index(ip);
        if (i < 0) throw new IllegalArgumentException(Ipv4Address.format(ip) + " is outside the pool");
        reserve(ip);
        if (fixed == null) fixed = new LongIntMap();
        fixed.put(mac, i);
        owner[i] = mac;
        return this;
    }

    public int network() { return network; }
    public int prefixLength() { return prefixLength; }
    public long leaseSeconds() { return leaseSeconds; }
    /** Addresses that could still be offered. */
    public int available() { return available; }
    /** Addresses leased now (as of the last request the server handled). */
    public int leased() { return leases.live(LEASED); }

    /** True when {@code ip} is on the pool's subnet. */
    public boolean contains(int ip) { return prefixLength >= 0 && ((ip ^ network) & Ipv4Address.mask(prefixLength)) == 0; }

    int index(int ip) {
        long i = (ip & 0xFFFF_FFFFL) - (first & 0xFFFF_FFFFL);
        return i >= 0 && i < size ? (int) i : -1;
    }

    int address(int index) { return first + index; }

    /** Frees the offers and leases whose time is over. */
    void expire(long now) {
        offers.expire(now, OFFERED);
        leases.expire(now, LEASED);
    }

    /**
     * The address to offer {@code client}, held until {@code holdUntil}: the one it holds or was
     * last given if still free, its static one, the one it asks for if free, else a free one; -1
     * when the pool is exhausted.
     */
    int offer(long client, int requested, long holdUntil) {
        int i = own(client);
        if (i < 0) {
            int r = index(requested);
            i = r >= 0 && state[r] == FREE ? r : take();
            if (i < 0) return -1;
        }
        if (state[i] != LEASED) {
            hold(i, client);
            state[i] = OFFERED;
            until[i] = holdUntil;
            offers.add(i, holdUntil);
        }
        return address(i);
    }

    /** The address {@code client} holds, was offered, or had last and is still free; its static one; else -1. */
    private int own(long client) {
        if (fixed != null) {
            int f = fixed.get(client, -1);
            if (f >= 0) return f;
        }
        int i = byClient.get(client, -1);
        if (i < 0) return -1;
        if (owner[i] != client) return -1;
        return state[i] == OFFERED || state[i] == LEASED || state[i] == FREE ? i : -1;
    }

    /** A free address, never-used ones first; -1 when none. */
    private int take() {
        while (neverUsed < size) {
            int i = neverUsed++;
            if (state[i] == FREE) return i;
        }
        while (freedCount > 0) {
            int i = freed[freedHead];
            freedHead = (freedHead + 1) % freed.length;
            freedCount--;
            if (state[i] == FREE) return i;
        }
        return -1;
    }

    private void hold(int i, long client) {
        if (state[i] == FREE) available--;
        if (owner[i] != client) {
            if (owner[i] != -1 && byClient.get(owner[i], -1) == i) byClient.remove(owner[i]);
            owner[i] = client;
            byClient.put(client, i);
        }
    }

    /**
     * Leases {@code ip} to {@code client} until {@code leaseUntil} if it may have it: it was offered
     * it, holds it, had it last, or it is free (INIT-REBOOT with an address nobody has). False when
     * another client has it, it is declined or reserved, or outside the range.
     */
    boolean lease(long client, int ip, long leaseUntil) {
        int i = index(ip);
        if (i < 0) return false;
        boolean mine = own(client) == i;
        if (!mine && (state[i] != FREE || (fixed != null && fixed.get(client, -1) >= 0))) return false;
        hold(i, client);
        state[i] = LEASED;
        until[i] = leaseUntil;
        leases.add(i, leaseUntil);
        return true;
    }

    private boolean isFixed(int i) {
        if (fixed == null) return false;
        long o = owner[i];
        return o != -1 && fixed.get(o, -1) == i;
    }

    /** True when {@code ip} is offered to or leased by {@code client}. */
    boolean holds(long client, int ip) {
        int i = index(ip);
        return i >= 0 && owner[i] == client && (state[i] == LEASED || state[i] == OFFERED);
    }

    /** {@code client} gives {@code ip} back (RELEASE) or withdraws from an offer; false when it had it not. */
    boolean free(long client, int ip) {
        int i = index(ip);
        if (i < 0 || owner[i] != client || (state[i] != LEASED && state[i] != OFFERED)) return false;
        release(i);
        return true;
    }

    /** {@code ip} is in use by someone unknown (DECLINE): never offered again. */
    boolean decline(long client, int ip) {
        int i = index(ip);
        if (i < 0 || owner[i] != client || (state[i] != LEASED && state[i] != OFFERED)) return false;
        state[i] = DECLINED;
        byClient.remove(client);
        owner[i] = -1;
        return true;
    }

    private void release(int i) {
        until[i] = 0;
        if (isFixed(i)) {                                // back to its static client only
            state[i] = RESERVED;
            return;
        }
        state[i] = FREE;
        available++;
        if (freedCount == freed.length) {
            int[] bigger = new int[freed.length * 2];
            for (int k = 0; k < freedCount; k++) bigger[k] = freed[(freedHead + k) % freed.length];
            freed = bigger;
            freedHead = 0;
        }
        freed[(freedHead + freedCount++) % freed.length] = i;
    }

    /** Deadlines of one kind in the order they were set, which is their order in time. */
    private final class Expiries {
        private long[] times = new long[16];
        private int[] indices = new int[16];
        private int head, count;

        void add(int i, long t) {
            if (count == times.length) {
                long[] nt = new long[times.length * 2];
                int[] ni = new int[times.length * 2];
                for (int k = 0; k < count; k++) {
                    nt[k] = times[(head + k) % times.length];
                    ni[k] = indices[(head + k) % times.length];
                }
                times = nt;
                indices = ni;
                head = 0;
            }
            int at = (head + count++) % times.length;
            times[at] = t;
            indices[at] = i;
        }

        void expire(long now, byte kind) {
            while (count > 0 && times[head] <= now) {
                int i = indices[head];
                if (state[i] == kind && until[i] == times[head]) release(i);   // else renewed, taken or freed since
                head = (head + 1) % times.length;
                count--;
            }
        }

        /** Entries still in force of {@code kind} (a scan: for reports, not per request). */
        int live(byte kind) {
            int n = 0;
            for (int k = 0; k < count; k++) {
                int i = indices[(head + k) % times.length];
                if (state[i] == kind && until[i] == times[(head + k) % times.length]) n++;
            }
            return n;
        }
    }
}

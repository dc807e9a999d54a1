package elvis.protocol.ipv4;

import elvis.machine.Machine;
import elvis.message.Message;
import elvis.sim.Timer;

import java.util.Arrays;
import java.util.HashMap;

/**
 * Puts IPv4 fragments addressed to one machine back together (RFC 791 §3.2, RFC 815). A machine has
 * one only once a fragment has arrived for it. Datagrams are told apart by (source, destination,
 * identification, protocol). Each keeps its fragments sorted by offset and not overlapping, which is
 * RFC 815's hole list turned inside out: the holes are the gaps, and the datagram is whole when the
 * last fragment (MF clear) has fixed its length and the fragments' lengths add up to it.
 *
 * <p>Fragments arrive in any order; one that repeats a held one exactly is dropped alone; one that
 * overlaps another discards the whole datagram (as RFC 5722 does for IPv6: overlapping fragments are
 * an attack, never what a sender makes). A datagram not whole after the timeout (RFC 1122 §3.3.2) is
 * discarded, and if its first fragment had arrived, the source hears of it through time exceeded,
 * code 1. Held fragments are charged to a per-machine memory bound (their bytes plus
 * {@link #FRAGMENT_OVERHEAD}); a fragment that would pass it is dropped, so a flood of fragments
 * that never complete costs at most that much heap. The payload is never copied: the datagram is
 * the concatenation of the fragments' slices.
 */
final class Reassembly {
    /** Bookkeeping a held fragment costs beyond its bytes (its message and slots), charged to the bound. */
    static final int FRAGMENT_OVERHEAD = 64;

    private final Ipv4 ip;
    private final Machine machine;
    private final long timeoutNs;
    private final long memoryLimit;
    private final HashMap<Key, Datagram> pending = new HashMap<>();
    private long memory;

    /** (source, destination) and (identification, protocol): what tells datagrams apart (RFC 791). */
    private record Key(long addresses, int idAndProtocol) { }

    Reassembly(Ipv4 ip, long timeoutNs, long memoryLimit) {
        this.ip = ip;
        this.machine = ip.machine();
        this.timeoutNs = timeoutNs;
        this.memoryLimit = memoryLimit;
    }

    /** Bytes charged for the fragments held now (never above the bound). */
    long memory() { return memory; }

    /** Datagrams waiting for fragments. */
    int pending() { return pending.size(); }

    /**
     * Takes fragment {@code p} (a validated header of {@code ihl} bytes, trimmed to its total length)
     * that arrived on {@code iface}: the whole datagram's payload when it completes it, else null (held,
     * or dropped and counted).
     */
    Message add(Message p, int ihl, int src, int dst, Ipv4Interface iface) {
        int flagsOffset = p.u16(6);
        boolean more = (flagsOffset & Ipv4.MF) != 0;
        int start = (flagsOffset & 0x1FFF) * 8;
        int length = p.length() - ihl;
        int end = start + length;
        if (length == 0 || (more && (length & 7) != 0) || ihl + end > Ipv4.MAX_DATAGRAM) {
            machine.drop(Ipv4Drop.FRAGMENT_MALFORMED);
            return null;
        }
        long cost = p.length() + FRAGMENT_OVERHEAD;
        if (memory + cost > memoryLimit) {
            machine.drop(Ipv4Drop.REASSEMBLY_MEMORY);
            return null;
        }
        Key key = new Key((long) src << 32 | (dst & 0xFFFFFFFFL), p.u16(4) << 8 | p.u8(9));
        Datagram d = pending.get(key);
        if (d == null) {
            d = new Datagram(key);
            pending.put(key, d);
            d.timer = machine.sim().timer(timeoutNs, d);
        }
        int at = d.insertionPoint(start);
        if (at < d.count && d.starts[at] == start && d.ends[at] == end) {
            machine.drop(Ipv4Drop.FRAGMENT_DUPLICATE);
            return null;
        }
        if ((at > 0 && d.ends[at - 1] > start) || (at < d.count && d.starts[at] < end)) {
            discard(d, Ipv4Drop.FRAGMENT_OVERLAP);
            return null;
        }
        // The last fragment fixes the length: every fragment must end within it, only the last at it.
        int known = d.length >= 0 ? d.length : more ? -1 : end;
        if (known >= 0 && (more ? end >= known : end != known || (d.count > 0 && d.ends[d.count - 1] > end))) {
            discard(d, Ipv4Drop.FRAGMENT_MALFORMED);
            return null;
        }
        d.length = known;
        d.insert(at, start, end, p.slice(ihl));
        if (start == 0) {
            d.first = p;
            d.firstIface = iface;
        }
        d.received += length;
        d.charged += cost;
        memory += cost;
        if (d.received != d.length) return null;
        release(d);
        return Message.concat(d.pieces, d.count);
    }

    /** Forgets {@code d}: no longer pending, its timer off, its memory free. */
    private void release(Datagram d) {
        pending.remove(d.key);
        d.timer.cancel();
        memory -= d.charged;
    }

    private void discard(Datagram d, Ipv4Drop cause) {
        release(d);
        machine.drop(cause);
    }

    /** One datagram being reassembled; it is its own timeout action. */
    private final class Datagram implements Runnable {
        final Key key;
        int count;                                   // fragments held, sorted by offset
        // Byte offsets into the payload, [start, end); room for 8 fragments: an 8,000-byte datagram over Ethernet is 6.
        int[] starts = new int[8], ends = new int[8];
        Message[] pieces = new Message[8];
        int length = -1;                             // the payload's length once the last fragment came
        int received;                                // payload bytes held
        long charged;                                // memory charged for them
        Message first;                               // the first fragment, header included, for time exceeded
        Ipv4Interface firstIface;
        Timer timer;

        Datagram(Key key) { this.key = key; }

        /** Where a fragment starting at {@code start} goes: the first held one starting at or after it. */
        int insertionPoint(int start) {
            int at = count;
            while (at > 0 && starts[at - 1] >= start) at--;     // fragments mostly come in order: search from the end
            return at;
        }

        void insert(int at, int start, int end, Message piece) {
            if (count == starts.length) {
                starts = Arrays.copyOf(starts, count * 2);
                ends = Arrays.copyOf(ends, count * 2);
                pieces = Arrays.copyOf(pieces, count * 2);
            }
            System.arraycopy(starts, at, starts, at + 1, count - at);
            System.arraycopy(ends, at, ends, at + 1, count - at);
            System.arraycopy(pieces, at, pieces, at + 1, count - at);
            starts[at] = start;
            ends[at] = end;
            pieces[at] = piece;
            count++;
        }

        /** The timeout, guarded as every timer of a machine is: what fails fails this machine, not the run. */
        @Override
        public void run() { machine.protect("IPv4 reassembly timer", this::expire); }

        /** Discarded, and time exceeded (reassembly) to the source if the first fragment came (RFC 792, RFC 1122 §3.3.2). */
        private void expire() {
            discard(this, Ipv4Drop.REASSEMBLY_TIMEOUT);
            if (first != null) ip.icmpError(ErrorReporter.TIME_EXCEEDED, ErrorReporter.REASSEMBLY_EXCEEDED, 0, first, firstIface);
        }
    }
}

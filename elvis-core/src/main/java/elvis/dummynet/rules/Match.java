package elvis.dummynet.rules;

/**
 * One condition of a rule's body; a rule matches when all of its conditions do. Each is a small
 * immutable object; {@link Not} negates one (ipfw's {@code not}).
 */
abstract class Match {
    abstract boolean test(Packet p, RuleSet rules);

    /** The condition as ipfw writes it (for show output). */
    public abstract String toString();

    static final class Not extends Match {
        final Match inner;
        Not(Match inner) { this.inner = inner; }
        boolean test(Packet p, RuleSet rules) { return !inner.test(p, rules); }
        public String toString() { return "not " + inner; }
    }

    static final class Protocol extends Match {
        final int number;
        final String name;
        Protocol(int number, String name) { this.number = number; this.name = name; }
        boolean test(Packet p, RuleSet rules) { return p.protocol == number; }
        public String toString() { return "proto " + name; }
    }

    /** Direction: {@code in} or {@code out}. */
    static final class Direction extends Match {
        final boolean out;
        Direction(boolean out) { this.out = out; }
        boolean test(Packet p, RuleSet rules) { return p.out == out; }
        public String toString() { return out ? "out" : "in"; }
    }

    /** An address condition on the source or the destination. */
    static final class Address extends Match {
        enum Kind { ANY, ME, PREFIX, SET }
        final boolean source;
        final Kind kind;
        final int prefix, mask;      // PREFIX
        final AddressTable set;      // SET: a {list} or a lookup table
        final String text;
        Address(boolean source, Kind kind, int prefix, int mask, AddressTable set, String text) {
            this.source = source; this.kind = kind; this.prefix = prefix & mask; this.mask = mask;
            this.set = set; this.text = text;
        }
        boolean test(Packet p, RuleSet rules) {
            if (!p.ipv4) return kind == Kind.ANY;           // a bridged frame that is not IPv4
            int ip = source ? p.src : p.dst;
            return switch (kind) {
                case ANY -> true;
                case ME -> rules.isLocal(ip);
                case PREFIX -> (ip & mask) == prefix;
                case SET -> set.contains(ip);
            };
        }
        public String toString() { return (source ? "src-ip " : "dst-ip ") + text; }
    }

    /** Port ranges (inclusive pairs), for the source or destination port of TCP and UDP. */
    static final class Ports extends Match {
        final boolean source;
        final int[] ranges;
        final String text;
        Ports(boolean source, int[] ranges, String text) { this.source = source; this.ranges = ranges; this.text = text; }
        boolean test(Packet p, RuleSet rules) {
            int port = source ? p.srcPort : p.dstPort;
            if (port < 0) return false;
            for (int i = 0; i < ranges.length; i += 2) if (port >= ranges[i] && port <= ranges[i + 1]) return true;
            return false;
        }
        public String toString() { return (source ? "src-port " : "dst-port ") + text; }
    }

    /** {@code via}, {@code recv} or {@code xmit} an interface, named as the machine's device (eth0) or its full name. */
    static final class Interface extends Match {
        enum Kind { VIA, RECV, XMIT }
        final Kind kind;
        final String name;
        Interface(Kind kind, String name) { this.kind = kind; this.name = name; }
        boolean test(Packet p, RuleSet rules) {
            elvis.machine.Nic i = switch (kind) {
                case RECV -> p.recv;
                case XMIT -> p.xmit;
                case VIA -> p.out ? p.xmit : p.recv;
            };
            return i != null && named(i, name);
        }
        static boolean named(elvis.machine.Nic nic, String name) {
            String full = nic.name();                        // machine/ethN
            return full.equals(name) || (full.length() > name.length() && full.endsWith(name)
                    && full.charAt(full.length() - name.length() - 1) == '/');
        }
        public String toString() { return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + name; }
    }

    /** TCP flags that must be set and must be clear ({@code tcpflags syn,!ack}); {@code setup} is syn,!ack. */
    static final class TcpFlags extends Match {
        final int set, clear;
        final String text;
        TcpFlags(int set, int clear, String text) { this.set = set; this.clear = clear; this.text = text; }
        boolean test(Packet p, RuleSet rules) {
            return p.protocol == Packet.TCP && (p.tcpFlags & set) == set && (p.tcpFlags & clear) == 0;
        }
        public String toString() { return text; }
    }

    /** {@code established}: a TCP segment with RST or ACK set. */
    static final class Established extends Match {
        boolean test(Packet p, RuleSet rules) { return p.protocol == Packet.TCP && (p.tcpFlags & 0x14) != 0; }
        public String toString() { return "established"; }
    }

    /** {@code layer2}: a frame a bridge is passing (not a datagram at the IP layer). */
    static final class Layer2 extends Match {
        boolean test(Packet p, RuleSet rules) { return p.layer2; }
        public String toString() { return "layer2"; }
    }

    /** {@code mac DST SRC}: MAC addresses under masks (mask 0 is {@code any}); only bridged frames match. */
    static final class Mac extends Match {
        final long dst, dstMask, src, srcMask;
        final String text;
        Mac(long dst, long dstMask, long src, long srcMask, String text) {
            this.dst = dst & dstMask; this.dstMask = dstMask; this.src = src & srcMask; this.srcMask = srcMask; this.text = text;
        }
        boolean test(Packet p, RuleSet rules) {
            return p.layer2 && (p.dstMac & dstMask) == dst && (p.srcMac & srcMask) == src;
        }
        public String toString() { return "mac " + text; }
    }

    /** {@code mac-type}: EtherType ranges (inclusive pairs); only bridged frames match. */
    static final class MacType extends Match {
        final int[] ranges;
        final String text;
        MacType(int[] ranges, String text) { this.ranges = ranges; this.text = text; }
        boolean test(Packet p, RuleSet rules) {
            if (!p.layer2) return false;
            for (int i = 0; i < ranges.length; i += 2) if (p.etherType >= ranges[i] && p.etherType <= ranges[i + 1]) return true;
            return false;
        }
        public String toString() { return "mac-type " + text; }
    }
}

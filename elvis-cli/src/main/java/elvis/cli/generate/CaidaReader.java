package elvis.cli.generate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads an AS-relationship file in CAIDA's serial format: one relationship per line, {@code a|b|-1}
 * (a is b's provider) or {@code a|b|0} (peers); serial-2 adds a fourth field, the source, which is
 * ignored; lines starting with {@code #} are comments. ASNs are 4-byte (up to 4294967295, asplain).
 * ASes with no provider become tier-1, ASes with no customer stubs. A mistake is reported with its
 * line and column; nothing is half-read.
 */
public final class CaidaReader {

    /** A mistake in the file, at {@code line}:{@code column} (1-based). */
    public static final class Malformed extends Exception {
        private final int line, column;

        Malformed(int line, int column, String message) {
            super(line + ":" + column + ": " + message, null, false, false);
            this.line = line;
            this.column = column;
        }

        public int line() { return line; }

        public int column() { return column; }
    }

    public static final long MAX_ASN = 0xFFFF_FFFFL;
    /** Relationships a file may hold: CAIDA's whole Internet has about 500,000. */
    public static final int MAX_LINKS = 5_000_000;

    private CaidaReader() { }

    /** The graph, with {@code hostsPerStub} hosts in each stub AS. */
    public static AsGraph read(CharSequence text, int hostsPerStub) throws Malformed {
        record Rel(long a, long b, boolean peer) { }
        List<Rel> rels = new ArrayList<>();
        TreeSet<Long> asns = new TreeSet<>();
        Map<Long, Integer> seen = new HashMap<>();
        int lineNo = 0;
        int start = 0;
        int length = text.length();
        while (start < length) {
            int end = start;
            while (end < length && text.charAt(end) != '\n') end++;
            lineNo++;
            String line = text.subSequence(start, end > start && text.charAt(end - 1) == '\r' ? end - 1 : end).toString();
            start = end + 1;
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.split("\\|", -1);
            if (f.length < 3 || f.length > 4) {
                throw new Malformed(lineNo, 1, "expected 'AS1|AS2|-1' (provider-customer) or 'AS1|AS2|0' (peers), with an optional '|source', not '" + clip(line) + "'");
            }
            long a = asn(f[0], lineNo, 1);
            long b = asn(f[1], lineNo, f[0].length() + 2);
            int relCol = f[0].length() + f[1].length() + 3;
            boolean peer = switch (f[2].strip()) {
                case "-1" -> false;
                case "0" -> true;
                default -> throw new Malformed(lineNo, relCol, "relationship must be -1 (provider-customer) or 0 (peers), not '" + clip(f[2]) + "'");
            };
            if (a == b) throw new Malformed(lineNo, 1, "AS " + a + " cannot be related to itself");
            long key = Math.min(a, b) << 32 | Math.max(a, b);   // both fit 32 bits, so the pair is exact
            Integer first = seen.putIfAbsent(key, lineNo);
            if (first != null) throw new Malformed(lineNo, 1, "AS " + a + " and AS " + b + " are already related at line " + first);
            if (rels.size() == MAX_LINKS) throw new Malformed(lineNo, 1, "more than " + MAX_LINKS + " relationships");
            rels.add(new Rel(a, b, peer));
            asns.add(a);
            asns.add(b);
        }
        if (rels.isEmpty()) throw new Malformed(Math.max(1, lineNo), 1, "no relationship in the file");
        Map<Long, Integer> index = new HashMap<>();
        for (long asn : asns) index.put(asn, index.size());
        boolean[] hasProvider = new boolean[asns.size()];
        boolean[] hasCustomer = new boolean[asns.size()];
        List<AsGraph.Link> links = new ArrayList<>(rels.size());
        for (Rel r : rels) {
            int a = index.get(r.a()), b = index.get(r.b());
            if (r.peer()) {
                links.add(new AsGraph.Link(Math.min(a, b), Math.max(a, b), true, -1));
            } else {
                links.add(new AsGraph.Link(a, b, false, -1));
                hasCustomer[a] = true;
                hasProvider[b] = true;
            }
        }
        List<AsGraph.As> ases = new ArrayList<>(asns.size());
        int i = 0;
        for (long asn : asns) {
            AsGraph.Tier tier = !hasProvider[i] && hasCustomer[i] ? AsGraph.Tier.TIER1 : !hasCustomer[i] ? AsGraph.Tier.STUB : AsGraph.Tier.TRANSIT;
            ases.add(new AsGraph.As(asn, tier, tier == AsGraph.Tier.STUB ? hostsPerStub : 0));
            i++;
        }
        return new AsGraph(ases, links, List.of());
    }

    private static long asn(String field, int line, int col) throws Malformed {
        String s = field.strip();
        if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new Malformed(line, col, "expected an AS number 0.." + MAX_ASN + ", not '" + clip(field) + "'");
        }
        long v = Long.parseLong(s);
        if (v > MAX_ASN) throw new Malformed(line, col, "AS number " + s + " is above " + MAX_ASN);
        return v;
    }

    private static String clip(String s) { return s.length() > 40 ? s.substring(0, 40) + "…" : s; }
}

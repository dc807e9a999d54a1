package elvis.protocol.dns;

/**
 * RR TYPE and CLASS numbers (RFC 1035 §3.2.2-§3.2.4, RFC 3596, RFC 6891) and their mnemonics.
 * Plain ints, not an enum, because a message may carry any of 65,536 types and the decoder keeps
 * the ones it does not know as opaque data.
 */
public final class DnsType {
    public static final int A = 1, NS = 2, CNAME = 5, SOA = 6, PTR = 12, MX = 15, TXT = 16, AAAA = 28, OPT = 41;
    /** Query-only types. */
    public static final int AXFR = 252, ANY = 255;

    public static final int CLASS_IN = 1, CLASS_CH = 3, CLASS_ANY = 255;

    private DnsType() { }

    /** The mnemonic ("A", "MX"), or RFC 3597's "TYPE123" for others. */
    public static String name(int type) {
        return switch (type) {
            case A -> "A"; case NS -> "NS"; case CNAME -> "CNAME"; case SOA -> "SOA"; case PTR -> "PTR";
            case MX -> "MX"; case TXT -> "TXT"; case AAAA -> "AAAA"; case OPT -> "OPT";
            case AXFR -> "AXFR"; case ANY -> "ANY";
            default -> "TYPE" + type;
        };
    }

    /** The type for a mnemonic (case-insensitive) or "TYPEnnn"; -1 if unknown. */
    public static int parse(String text) {
        String t = text.toUpperCase(java.util.Locale.ROOT);
        return switch (t) {
            case "A" -> A; case "NS" -> NS; case "CNAME" -> CNAME; case "SOA" -> SOA; case "PTR" -> PTR;
            case "MX" -> MX; case "TXT" -> TXT; case "AAAA" -> AAAA; case "OPT" -> OPT;
            case "AXFR" -> AXFR; case "ANY" -> ANY;
            default -> parseNumbered(t, "TYPE");
        };
    }

    public static String className(int dnsClass) {
        return switch (dnsClass) {
            case CLASS_IN -> "IN"; case CLASS_CH -> "CH"; case CLASS_ANY -> "ANY";
            default -> "CLASS" + dnsClass;
        };
    }

    /** The class for a mnemonic or "CLASSnnn"; -1 if unknown. */
    public static int parseClass(String text) {
        String t = text.toUpperCase(java.util.Locale.ROOT);
        return switch (t) {
            case "IN" -> CLASS_IN; case "CH" -> CLASS_CH; case "ANY" -> CLASS_ANY;
            default -> parseNumbered(t, "CLASS");
        };
    }

    private static int parseNumbered(String t, String prefix) {
        if (!t.startsWith(prefix) || t.length() == prefix.length() || t.length() > prefix.length() + 5) return -1;
        int v = 0;
        for (int i = prefix.length(); i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v <= 0xffff ? v : -1;
    }
}

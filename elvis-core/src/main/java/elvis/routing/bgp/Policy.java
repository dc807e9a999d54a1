package elvis.routing.bgp;

import elvis.protocol.ipv4.Ipv4Address;

import java.util.ArrayList;
import java.util.List;

/**
 * An import or export policy: rules tried in order, the first whose matches all hold decides; a
 * route no rule matches is denied (as a route map's implicit deny), and the empty policy permits
 * everything unchanged. The text form, which NDL's {@code import=} and {@code export=} carry:
 * <pre>
 *   policy  := rule { ';' rule }
 *   rule    := ('permit' | 'deny') { match } [ 'set' setting { setting } ]   (deny takes no set)
 *   match   := 'prefix' entry { ',' entry }      the route is in one of these (a prefix list)
 *            | 'community' C                     the route carries C (several: all of them)
 *            | 'as' N                            N is on the AS_PATH (several: all of them)
 *            | 'origin-as' N                     N is the AS_PATH's last AS (the originator)
 *   entry   := A.B.C.D/L [ 'ge' G ] [ 'le' E ]   see {@link PrefixList}
 *   setting := 'local_pref' N | 'med' N
 *            | 'community' C                     add C
 *            | 'no-community' C                  remove C
 *            | 'community' 'none'                remove all (before the adds of the same rule)
 *   C       := AS:value | no-export | no-advertise | no-export-subconfed
 * </pre>
 * For example {@code permit prefix 10.1.0.0/16 le 24 origin-as 65001 set local_pref 300; deny prefix 10.1.0.0/16 le 32; permit}.
 */
public record Policy(List<Rule> rules) {
    public static final Policy PERMIT_ALL = new Policy(List.of());

    public Policy {
        rules = List.copyOf(rules);
    }

    /** What a rule reads of a route. */
    public interface Subject {
        int prefix();

        int length();

        boolean hasCommunity(int community);

        boolean asPathContains(long asn);

        /** The AS_PATH's last AS (the local AS for a route originated here), 0 when none. */
        long originAs();
    }

    /**
     * One rule: its matches (null or empty = any) and, for a permit, what it sets (-1 = leave).
     * ASNs are unsigned 32-bit numbers held in ints.
     */
    public record Rule(boolean permit, PrefixList prefixes, int[] communities, int[] asPath, int originAs,
                       long setLocalPref, long setMed, boolean clearCommunities, int[] addCommunities, int[] removeCommunities) {
        /** Decides a route no rule of a non-empty policy matched. */
        public static final Rule IMPLICIT_DENY = new Rule(false, null, Communities.NONE, Communities.NONE, 0, -1, -1, false, Communities.NONE, Communities.NONE);
        /** Decides every route under the empty policy. */
        public static final Rule PERMIT = new Rule(true, null, Communities.NONE, Communities.NONE, 0, -1, -1, false, Communities.NONE, Communities.NONE);

        public boolean matches(Subject s) {
            if (prefixes != null && !prefixes.matches(s.prefix(), s.length())) return false;
            for (int c : communities) if (!s.hasCommunity(c)) return false;
            for (int a : asPath) if (!s.asPathContains(Integer.toUnsignedLong(a))) return false;
            return originAs == 0 || s.originAs() == Integer.toUnsignedLong(originAs);
        }

        /** The LOCAL_PREF after this rule, given the current one. */
        public long localPref(long current) { return setLocalPref >= 0 ? setLocalPref : current; }

        /** The MED after this rule, given the current one (-1: absent). */
        public long med(long current) { return setMed >= 0 ? setMed : current; }

        /** The communities after this rule: the same array when it changes none. */
        public int[] communities(int[] current) {
            return Communities.edit(clearCommunities ? Communities.NONE : current, addCommunities, removeCommunities);
        }

        /** True when it changes nothing a route carries. */
        public boolean setsNothing() {
            return setLocalPref < 0 && setMed < 0 && !clearCommunities && addCommunities.length == 0 && removeCommunities.length == 0;
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder(permit ? "permit" : "deny");
            if (prefixes != null) b.append(" prefix ").append(prefixes);
            for (int c : communities) b.append(" community ").append(Communities.format(c));
            for (int a : asPath) b.append(" as ").append(Integer.toUnsignedString(a));
            if (originAs != 0) b.append(" origin-as ").append(Integer.toUnsignedString(originAs));
            if (!setsNothing()) {
                b.append(" set");
                if (setLocalPref >= 0) b.append(" local_pref ").append(setLocalPref);
                if (setMed >= 0) b.append(" med ").append(setMed);
                if (clearCommunities) b.append(" community none");
                for (int c : addCommunities) b.append(" community ").append(Communities.format(c));
                for (int c : removeCommunities) b.append(" no-community ").append(Communities.format(c));
            }
            return b.toString();
        }
    }

    /** The rule that decides {@code s}. */
    public Rule evaluate(Subject s) {
        if (rules.isEmpty()) return Rule.PERMIT;
        for (Rule r : rules) if (r.matches(s)) return r;
        return Rule.IMPLICIT_DENY;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (Rule r : rules) b.append(b.isEmpty() ? "" : "; ").append(r);
        return b.toString();
    }

    /** A policy text that does not parse: {@link #column()} is where (1-based). */
    public static final class SyntaxError extends IllegalArgumentException {
        private final int column;

        SyntaxError(int column, String message) {
            super("column " + column + ": " + message);
            this.column = column;
        }

        public int column() { return column; }
    }

    /** Parses the text form (blank = {@link #PERMIT_ALL}); throws {@link SyntaxError}. */
    public static Policy parse(String text) {
        return new Parser(text).policy();
    }

    private static final class Parser {
        private final String text;
        private int pos, tokenStart;
        private String token;     // the current token, null at the end

        Parser(String text) {
            this.text = text;
            next();
        }

        /** Tokens: words (letters, digits, '.', '/', ':', '_', '-') and the single characters ';' and ','. */
        private void next() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
            tokenStart = pos;
            if (pos == text.length()) { token = null; return; }
            char c = text.charAt(pos);
            if (c == ';' || c == ',') { pos++; token = String.valueOf(c); return; }
            while (pos < text.length() && isWordChar(text.charAt(pos))) pos++;
            if (pos == tokenStart) throw error("unexpected character '" + c + "'");
            token = text.substring(tokenStart, pos);
        }

        private static boolean isWordChar(char c) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '/' || c == ':' || c == '_' || c == '-';
        }

        private SyntaxError error(String message) { return new SyntaxError(tokenStart + 1, message); }

        private String found() { return token == null ? "the end" : "'" + token + "'"; }

        Policy policy() {
            List<Rule> rules = new ArrayList<>();
            while (token != null) {
                if (token.equals(";")) { next(); continue; }
                rules.add(rule());
                if (token != null && !token.equals(";")) throw error("expected ';' or the end after a rule, found " + found());
            }
            return new Policy(rules);
        }

        private Rule rule() {
            boolean permit;
            if ("permit".equals(token)) permit = true;
            else if ("deny".equals(token)) permit = false;
            else throw error("a rule starts with permit or deny, found " + found());
            next();
            List<PrefixList.Entry> prefixes = null;
            int[] communities = Communities.NONE, asPath = Communities.NONE;
            int originAs = 0;
            for (;;) {
                if ("prefix".equals(token)) {
                    next();
                    if (prefixes == null) prefixes = new ArrayList<>();
                    prefixes.add(entry());
                    while (",".equals(token)) { next(); prefixes.add(entry()); }
                } else if ("community".equals(token)) {
                    next();
                    communities = Communities.with(communities, community());
                } else if ("as".equals(token)) {
                    next();
                    asPath = append(asPath, asn());
                } else if ("origin-as".equals(token)) {
                    if (originAs != 0) throw error("origin-as given twice");
                    next();
                    originAs = asn();
                } else break;
            }
            long localPref = -1, med = -1;
            boolean clear = false;
            int[] add = Communities.NONE, remove = Communities.NONE;
            if ("set".equals(token)) {
                if (!permit) throw error("a deny rule sets nothing");
                next();
                int settings = 0;
                for (;; settings++) {
                    if ("local_pref".equals(token)) { next(); localPref = number("local_pref"); }
                    else if ("med".equals(token)) { next(); med = number("med"); }
                    else if ("community".equals(token)) {
                        next();
                        if ("none".equals(token)) { clear = true; next(); }
                        else add = Communities.with(add, community());
                    } else if ("no-community".equals(token)) { next(); remove = Communities.with(remove, community()); }
                    else break;
                }
                if (settings == 0) throw error("expected local_pref, med, community or no-community after set, found " + found());
            }
            return new Rule(permit, prefixes == null ? null : new PrefixList(prefixes), communities, asPath, originAs, localPref, med, clear, add, remove);
        }

        private static int[] append(int[] a, int v) {
            int[] out = java.util.Arrays.copyOf(a, a.length + 1);
            out[a.length] = v;
            return out;
        }

        private PrefixList.Entry entry() {
            int at = tokenStart + 1;
            int slash = token == null ? -1 : token.indexOf('/');
            if (slash < 0) throw error("expected a prefix A.B.C.D/L, found " + found());
            int address, length;
            try {
                address = Ipv4Address.parse(token.substring(0, slash));
            } catch (IllegalArgumentException e) {
                throw error(e.getMessage());
            }
            String l = token.substring(slash + 1);
            if (l.isEmpty() || l.length() > 2 || !l.chars().allMatch(ch -> ch >= '0' && ch <= '9') || (length = Integer.parseInt(l)) > 32)
                throw error("a prefix length is 0..32, found '" + l + "'");
            next();
            int ge = -1, le = -1;
            if ("ge".equals(token)) { next(); ge = (int) bounded("ge", 32); }
            if ("le".equals(token)) { next(); le = (int) bounded("le", 32); }
            if (ge < 0) ge = length;
            if (le < 0) le = ge != length ? 32 : length;
            try {
                return new PrefixList.Entry(address, length, ge, le);
            } catch (IllegalArgumentException e) {
                throw new SyntaxError(at, e.getMessage());
            }
        }

        private int community() {
            if (token == null || token.equals(";") || token.equals(",")) throw error("expected a community (AS:value or a well-known name), found " + found());
            try {
                int c = Communities.parse(token);
                next();
                return c;
            } catch (IllegalArgumentException e) {
                throw error(e.getMessage());
            }
        }

        private int asn() {
            int at = tokenStart;
            long v = bounded("an AS number", 0xFFFF_FFFFL);
            if (v == 0) throw new SyntaxError(at + 1, "AS 0 is reserved (RFC 7607)");
            return (int) v;
        }

        private long number(String what) { return bounded(what, 0xFFFF_FFFFL); }

        private long bounded(String what, long max) {
            if (token == null || token.isEmpty() || token.length() > 10 || !token.chars().allMatch(ch -> ch >= '0' && ch <= '9'))
                throw error("expected a number for " + what + ", found " + found());
            long v = Long.parseLong(token);
            if (v > max) throw error(what + " is at most " + max + ", found " + v);
            next();
            return v;
        }
    }
}

package elvis.protocol.dns;

import elvis.util.SourceError;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a zone in RFC 1035 §5 master-file syntax: {@code $ORIGIN}, {@code $TTL} (RFC 2308),
 * names relative to the origin, {@code @} for the origin, an owner left out (the line starts with
 * a blank) meaning the previous owner, TTL and class left out or in either order, parentheses
 * spanning lines, {@code ;} comments, quoted strings with {@code \} escapes. TTLs and SOA timers
 * take BIND's units too ({@code 1h30m}, {@code 2d}, {@code 1w}). Types: A, NS, CNAME, SOA, PTR,
 * MX, TXT, AAAA. Errors name file:line:column.
 */
public final class ZoneParser {
    private final String file;
    private final String text;
    private final boolean semicolonEndsRecord;
    private int pos, line = 1, lineStart;

    private DnsName origin;
    private long defaultTtl = -1;          // $TTL
    private long lastTtl = -1;             // the last TTL written on a record
    private DnsName lastOwner;

    private ZoneParser(String file, String text, DnsName origin, boolean semicolonEndsRecord) {
        this.file = file;
        this.text = text;
        this.origin = origin;
        this.semicolonEndsRecord = semicolonEndsRecord;
    }

    /**
     * Parses a master file into a zone. {@code origin} is the zone's name when the caller knows it
     * (BIND's zone statement); null to take it from the file's first {@code $ORIGIN}.
     * {@code defaultTtl} (seconds, or -1) applies until a {@code $TTL} line.
     */
    public static Zone parse(String file, String text, DnsName origin, long defaultTtl) throws SourceError {
        ZoneParser p = new ZoneParser(file, text, origin, false);
        p.defaultTtl = defaultTtl;
        return p.zone(origin);
    }

    /**
     * Records written on one line as in a master file, separated by {@code ;} instead of line ends
     * (so there are no comments), for zones written inline in NDL:
     * {@code "@ SOA ns1 admin 1 1h 10m 1d 5m; @ NS ns1; ns1 A 10.0.0.53"}.
     */
    public static Zone parseInline(String place, String records, DnsName origin, long defaultTtl) throws SourceError {
        ZoneParser p = new ZoneParser(place, records, origin, true);
        p.defaultTtl = defaultTtl;
        return p.zone(origin);
    }

    private Zone zone(DnsName given) throws SourceError {
        List<DnsRecord> records = new ArrayList<>();
        DnsName zoneOrigin = given;
        int soaLine = 1, soaCol = 1;
        while (true) {
            List<Token> t = entry();
            if (t == null) break;
            if (t.isEmpty()) continue;
            Token first = t.get(0);
            if (!first.quoted && first.text.startsWith("$")) {
                directive(t);
                if (zoneOrigin == null && origin != null) zoneOrigin = origin;
                continue;
            }
            DnsRecord r = record(t);
            if (zoneOrigin == null) zoneOrigin = origin;
            if (!r.name().isSubdomainOf(zoneOrigin))
                throw error(first, "record owner " + r.name() + " is outside zone " + zoneOrigin);
            if (r.type() == DnsType.SOA) { soaLine = first.line; soaCol = first.column; }
            records.add(r);
        }
        if (zoneOrigin == null) throw new SourceError(file, line, 1, "no $ORIGIN and no records: the zone's name is unknown");
        try {
            return Zone.of(zoneOrigin, records);
        } catch (IllegalArgumentException e) {
            throw new SourceError(file, soaLine, soaCol, e.getMessage());
        }
    }

    private void directive(List<Token> t) throws SourceError {
        Token d = t.get(0);
        switch (d.text.toUpperCase(Locale.ROOT)) {
            case "$ORIGIN" -> {
                if (t.size() != 2) throw error(d, "$ORIGIN takes one name");
                origin = name(t.get(1));
            }
            case "$TTL" -> {
                if (t.size() != 2) throw error(d, "$TTL takes one TTL");
                defaultTtl = ttl(t.get(1));
            }
            case "$INCLUDE", "$GENERATE" -> throw error(d, d.text + " is not supported: write the records in this file");
            default -> throw error(d, "unknown directive '" + d.text + "' (known: $ORIGIN, $TTL)");
        }
    }

    private DnsRecord record(List<Token> t) throws SourceError {
        int i = 0;
        Token first = t.get(0);
        DnsName owner;
        if (first.leadingBlank) {
            if (lastOwner == null) throw error(first, "the first record must name its owner (this line starts with a blank)");
            owner = lastOwner;
        } else {
            owner = name(first);
            i++;
        }
        long ttl = -1;
        int cls = -1;
        // [TTL] [CLASS] or [CLASS] [TTL], then the type.
        for (int k = 0; k < 2 && i < t.size(); k++) {
            Token tok = t.get(i);
            if (ttl < 0 && !tok.quoted && Character.isDigit(tok.text.charAt(0))) { ttl = ttl(tok); i++; }
            else if (cls < 0 && DnsType.parseClass(tok.text) > 0 && DnsType.parse(tok.text) < 0) {
                cls = DnsType.parseClass(tok.text);
                if (cls != DnsType.CLASS_IN) throw error(tok, "class " + tok.text + ": only IN zones are served");
                i++;
            }
        }
        if (i >= t.size()) throw error(t.get(t.size() - 1), "record has no type");
        Token typeTok = t.get(i++);
        int type = DnsType.parse(typeTok.text);
        if (type < 0) throw error(typeTok, "unknown type '" + typeTok.text + "' (known: A, NS, CNAME, SOA, PTR, MX, TXT, AAAA)");
        if (ttl < 0) {
            if (defaultTtl >= 0) ttl = defaultTtl;
            else if (lastTtl >= 0) ttl = lastTtl;
            else throw error(typeTok, "record has no TTL and no $TTL line came before it");
        } else {
            lastTtl = ttl;
        }
        lastOwner = owner;
        List<Token> rd = t.subList(i, t.size());
        Rdata data = rdata(type, typeTok, rd);
        return new DnsRecord(owner, (int) ttl, data);
    }

    private Rdata rdata(int type, Token typeTok, List<Token> rd) throws SourceError {
        int want = switch (type) {
            case DnsType.A, DnsType.AAAA, DnsType.NS, DnsType.CNAME, DnsType.PTR -> 1;
            case DnsType.MX -> 2;
            case DnsType.SOA -> 7;
            case DnsType.TXT -> -1;
            default -> throw error(typeTok, "type " + typeTok.text + " cannot be written in a zone (known: A, NS, CNAME, SOA, PTR, MX, TXT, AAAA)");
        };
        if (want < 0 ? rd.isEmpty() : rd.size() != want) {
            Token at = rd.isEmpty() ? typeTok : rd.get(Math.min(rd.size() - 1, Math.max(0, want)));
            throw error(at, DnsType.name(type) + " takes " + (want < 0 ? "one or more strings" : want + (want == 1 ? " value" : " values")) + ", got " + rd.size());
        }
        return switch (type) {
            case DnsType.A -> new Rdata.A(ipv4(rd.get(0)));
            case DnsType.AAAA -> ipv6(rd.get(0));
            case DnsType.NS -> new Rdata.Ns(name(rd.get(0)));
            case DnsType.CNAME -> new Rdata.Cname(name(rd.get(0)));
            case DnsType.PTR -> new Rdata.Ptr(name(rd.get(0)));
            case DnsType.MX -> new Rdata.Mx((int) number(rd.get(0), 0xffff), name(rd.get(1)));
            case DnsType.SOA -> new Rdata.Soa(name(rd.get(0)), name(rd.get(1)), number(rd.get(2), 0xffffffffL),
                    ttl(rd.get(3)), ttl(rd.get(4)), ttl(rd.get(5)), ttl(rd.get(6)));
            default -> {
                List<String> strings = new ArrayList<>(rd.size());
                for (Token s : rd) {
                    if (s.text.length() > 255) throw error(s, "TXT string of " + s.text.length() + " bytes; at most 255");
                    strings.add(s.text);
                }
                yield new Rdata.Txt(strings);
            }
        };
    }

    // ---------------------------------------------------------------- values

    private DnsName name(Token t) throws SourceError {
        if (t.quoted) throw error(t, "a name is not quoted");
        if (origin == null && !t.text.endsWith(".")) throw error(t, "relative name '" + t.text + "' before any $ORIGIN");
        try {
            return DnsName.parse(t.text, origin);
        } catch (DnsFormatException e) {
            throw error(t, e.reason());
        }
    }

    /** A TTL or timer: seconds, or BIND's units (1w2d3h4m5s); 0..2^31-1. */
    private long ttl(Token t) throws SourceError {
        String s = t.text.toLowerCase(Locale.ROOT);
        long total = 0, cur = 0;
        boolean digits = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                cur = cur * 10 + (c - '0');
                digits = true;
                if (cur > DnsRecord.MAX_TTL) throw error(t, "TTL '" + t.text + "' is above 2147483647 seconds");
                continue;
            }
            long unit = switch (c) { case 's' -> 1; case 'm' -> 60; case 'h' -> 3600; case 'd' -> 86400; case 'w' -> 604800; default -> -1; };
            if (unit < 0 || !digits) throw error(t, "'" + t.text + "' is not a TTL (seconds, or units like 1h30m)");
            total += cur * unit;
            cur = 0;
            digits = false;
        }
        total += cur;
        if (total > DnsRecord.MAX_TTL) throw error(t, "TTL '" + t.text + "' is above 2147483647 seconds");
        return total;
    }

    private long number(Token t, long max) throws SourceError {
        String s = t.text;
        if (s.isEmpty() || s.length() > 10) throw error(t, "'" + s + "' is not a number 0.." + max);
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') throw error(t, "'" + s + "' is not a number 0.." + max);
            v = v * 10 + (c - '0');
        }
        if (v > max) throw error(t, "'" + s + "' is above " + max);
        return v;
    }

    private int ipv4(Token t) throws SourceError {
        String[] parts = t.text.split("\\.", -1);
        if (parts.length != 4) throw error(t, "'" + t.text + "' is not an IPv4 address");
        int v = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) throw error(t, "'" + t.text + "' is not an IPv4 address");
            int b = Integer.parseInt(p);
            if (b > 255) throw error(t, "'" + t.text + "' is not an IPv4 address");
            v = v << 8 | b;
        }
        return v;
    }

    private Rdata.Aaaa ipv6(Token t) throws SourceError {
        String s = t.text;
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) throw error(t, "'" + s + "' has '::' twice");
        String[] head = gap < 0 ? s.split(":", -1) : gap == 0 ? new String[0] : s.substring(0, gap).split(":", -1);
        String[] tail = gap < 0 ? new String[0] : gap + 2 == s.length() ? new String[0] : s.substring(gap + 2).split(":", -1);
        if (gap < 0 ? head.length != 8 : head.length + tail.length > 7) throw error(t, "'" + s + "' is not an IPv6 address");
        int[] g = new int[8];
        for (int i = 0; i < head.length; i++) g[i] = group(t, head[i]);
        for (int i = 0; i < tail.length; i++) g[8 - tail.length + i] = group(t, tail[i]);
        long hi = 0, lo = 0;
        for (int i = 0; i < 4; i++) { hi = hi << 16 | g[i]; lo = lo << 16 | g[i + 4]; }
        return new Rdata.Aaaa(hi, lo);
    }

    private int group(Token t, String h) throws SourceError {
        if (h.isEmpty() || h.length() > 4) throw error(t, "'" + t.text + "' is not an IPv6 address");
        int v = 0;
        for (int i = 0; i < h.length(); i++) {
            int d = Character.digit(h.charAt(i), 16);
            if (d < 0) throw error(t, "'" + t.text + "' is not an IPv6 address");
            v = v << 4 | d;
        }
        return v;
    }

    // ---------------------------------------------------------------- tokens

    private record Token(String text, boolean quoted, boolean leadingBlank, int line, int column) { }

    /** The tokens of the next entry (one line, or several inside parentheses); null at the end. */
    private List<Token> entry() throws SourceError {
        if (pos >= text.length()) return null;
        List<Token> tokens = new ArrayList<>();
        int depth = 0, openLine = 0, openCol = 0;
        boolean atEntryStart = true;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n' || (semicolonEndsRecord && c == ';')) {
                pos++;
                if (c == '\n') { line++; lineStart = pos; }
                if (depth == 0) return tokens;
                continue;
            }
            if (c == ';') {                                   // a comment, to the end of the line
                while (pos < text.length() && text.charAt(pos) != '\n') pos++;
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
                continue;
            }
            // A line that starts with a blank continues the previous owner; inline records always name theirs.
            boolean leadingBlank = !semicolonEndsRecord && atEntryStart && pos > lineStart;
            atEntryStart = false;
            if (c == '(') {
                if (depth > 0) throw new SourceError(file, line, pos - lineStart + 1, "parentheses do not nest");
                depth++;
                openLine = line;
                openCol = pos - lineStart + 1;
                pos++;
                continue;
            }
            if (c == ')') {
                if (depth == 0) throw new SourceError(file, line, pos - lineStart + 1, "')' without '('");
                depth--;
                pos++;
                continue;
            }
            tokens.add(token(leadingBlank));
        }
        if (depth > 0) throw new SourceError(file, openLine, openCol, "'(' is never closed");
        return tokens;
    }

    private Token token(boolean leadingBlank) throws SourceError {
        int tokLine = line, col = pos - lineStart + 1;
        StringBuilder sb = new StringBuilder();
        boolean quoted = text.charAt(pos) == '"';
        if (quoted) pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (quoted) {
                if (c == '"') { pos++; return new Token(sb.toString(), true, leadingBlank, tokLine, col); }
                if (c == '\n') break;
            } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';' || c == '(' || c == ')' || c == '"') {
                break;
            }
            if (c == '\\') {
                if (pos + 1 >= text.length()) throw new SourceError(file, line, pos - lineStart + 1, "backslash at the end");
                char d = text.charAt(pos + 1);
                if (!quoted) {                      // names keep their escapes: DnsName reads them
                    sb.append(c).append(d);
                    pos += 2;
                    continue;
                }
                if (Character.isDigit(d)) {
                    if (pos + 3 >= text.length()) throw new SourceError(file, line, pos - lineStart + 1, "\\DDD needs three digits");
                    String ddd = text.substring(pos + 1, pos + 4);
                    if (!ddd.chars().allMatch(Character::isDigit) || Integer.parseInt(ddd) > 255)
                        throw new SourceError(file, line, pos - lineStart + 1, "\\" + ddd + " is not a byte \\000..\\255");
                    sb.append((char) Integer.parseInt(ddd));
                    pos += 4;
                } else {
                    sb.append(d);
                    pos += 2;
                }
                continue;
            }
            if (c > 0x7e && quoted) {
                // Non-ASCII text in a quoted string is stored as its UTF-8 bytes.
                int cp = text.codePointAt(pos);
                for (byte b : new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8)) sb.append((char) (b & 0xff));
                pos += Character.charCount(cp);
                continue;
            }
            sb.append(c);
            pos++;
        }
        if (quoted) throw new SourceError(file, tokLine, col, "unterminated quoted string");
        return new Token(sb.toString(), false, leadingBlank, tokLine, col);
    }

    private SourceError error(Token t, String reason) { return new SourceError(file, t.line, t.column, reason); }
}

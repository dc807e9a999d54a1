package elvis.dummynet.rules;

import elvis.protocol.ipv4.Ipv4Address;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads ipfw command lines, as the ipfw(8) man page and the dummynet paper write them, into a
 * {@link RuleSet}: {@code add [N] [prob P] ACTION [PROTO from SRC [PORTS] to DST [PORTS]] [OPTIONS]},
 * {@code table N add ADDR[/LEN]}, and {@code pipe|queue|sched N config ...}, which it hands to the
 * dummynet engine's parser ({@link ObjectConfig}). A leading {@code ipfw} (and {@code -q}) is optional;
 * {@code #} and {@code //} start comments; blank lines are skipped. Every bad line gives an
 * {@link IpfwError} with its line and column; the good lines are still applied.
 */
public final class Ipfw {
    /** Applies a {@code pipe|queue|sched N config ...} line: the dummynet engine's parser. */
    public interface ObjectConfig {
        /**
         * Configures the object {@code line} declares; {@code column} (0-based) is where its
         * {@code pipe|queue|sched} keyword starts. Throws an {@link IpfwError} (line 1) for bad input.
         */
        void configure(String line, int column);
    }

    /** Refuses object lines: for rule sets loaded without a dummynet engine. */
    public static final ObjectConfig NO_OBJECTS = (line, column) -> {
        throw new IpfwError(1, column + 1, "pipe, queue and sched lines need the dummynet engine");
    };

    private static final Map<String, Integer> PROTOCOLS = Map.of(
            "icmp", 1, "igmp", 2, "tcp", 6, "udp", 17, "gre", 47, "esp", 50, "ah", 51, "ospf", 89, "sctp", 132);
    private static final Map<String, Integer> SERVICES = Map.of(
            "ftp", 21, "ssh", 22, "telnet", 23, "smtp", 25, "domain", 53, "http", 80, "https", 443);
    private static final Map<String, Integer> TCP_FLAGS = Map.of(
            "fin", 0x01, "syn", 0x02, "rst", 0x04, "psh", 0x08, "ack", 0x10, "urg", 0x20, "ece", 0x40, "cwr", 0x80);

    private Ipfw() {}

    /** Applies every line of {@code text} to {@code rules}; the errors of the bad lines, in order (empty when all were good). */
    public static List<IpfwError> load(String text, RuleSet rules, ObjectConfig objects) {
        List<IpfwError> errors = new ArrayList<>();
        String[] lines = text.split("\r?\n|\r", -1);
        for (int i = 0; i < lines.length; i++) {
            try {
                line(lines[i], rules, objects);
            } catch (IpfwError e) {
                errors.add(new IpfwError(i + 1, e.column(), e.getMessage()));
            }
        }
        return errors;
    }

    /**
     * Applies one line; throws an {@link IpfwError} (line 1) when it is bad, having changed nothing.
     * Returns the rule an {@code add} line added, else null.
     */
    public static Rule line(String line, RuleSet rules, ObjectConfig objects) {
        Tokens t = new Tokens(line);
        if (t.done()) return null;
        if (t.peekIs("ipfw")) t.next();
        if (t.peekIs("-q")) t.next();
        Token command = t.expect("a command: add, table, pipe, queue or sched");
        switch (command.lower()) {
            case "add" -> {
                Rule rule = new Parser(t, rules).rule();
                rules.add(rule);
                return rule;
            }
            case "table" -> table(t, rules);
            case "pipe", "queue", "sched" -> objects.configure(line, command.column);
            default -> throw command.error("unknown command '" + command.text + "': expected add, table, pipe, queue or sched");
        }
        return null;
    }

    private static void table(Tokens t, RuleSet rules) {
        Token n = t.expect("a table number");
        int number = n.integer(0, 65_534, "table number");
        Token op = t.expect("add");
        if (!op.lower().equals("add")) throw op.error("expected 'add' after the table number, found '" + op.text + "'");
        Token a = t.expect("an address or prefix");
        int[] prefix = prefix(a, a.text);
        t.end();
        rules.table(number).add(prefix[0], prefix[1]);
    }

    /** a.b.c.d or a.b.c.d/len: {address, length}. */
    static int[] prefix(Token at, String text) {
        int slash = text.indexOf('/');
        int length = 32;
        if (slash >= 0) {
            length = Tokens.number(text.substring(slash + 1), 0, 32, -1);
            if (length < 0) throw at.error("prefix length must be 0..32 in '" + text + "'");
        }
        return new int[] {address(at, slash >= 0 ? text.substring(0, slash) : text), length};
    }

    static int address(Token at, String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) throw at.error("'" + text + "' is not an IPv4 address (a.b.c.d)");
        int ip = 0;
        for (String part : parts) {
            int b = Tokens.number(part, 0, 255, -1);
            if (b < 0) throw at.error("'" + text + "' is not an IPv4 address (a.b.c.d, each 0..255)");
            ip = ip << 8 | b;
        }
        return ip;
    }

    /** One rule's words after {@code add}. */
    private static final class Parser {
        private final Tokens t;
        private final RuleSet rules;
        private final List<Match> body = new ArrayList<>();

        Parser(Tokens t, RuleSet rules) {
            this.t = t;
            this.rules = rules;
        }

        Rule rule() {
            int number = 0;
            if (t.peekNumber()) {
                Token n = t.next();
                number = n.integer(1, RuleSet.DEFAULT_RULE - 1, "rule number (65535 is the default rule)");
            }
            int textStart = t.position();
            double probability = 1;
            if (t.peekIs("set")) throw t.next().error("rule sets are not supported");
            if (t.peekIs("prob")) {
                t.next();
                Token p = t.expect("a probability (0..1)");
                probability = Tokens.fraction(p.text);
                if (!(probability > 0 && probability <= 1)) throw p.error("probability must be more than 0 and at most 1: '" + p.text + "'");
            }
            Token a = t.expect("an action: pipe, queue, allow, deny, count or skipto");
            Action action;
            int argument = 0;
            String target = null;
            switch (a.lower()) {
                case "pipe" -> { action = Action.PIPE; target = target(t.expect("a pipe number or name"), "pipe"); }
                case "queue" -> { action = Action.QUEUE; target = target(t.expect("a queue number or name"), "queue"); }
                case "allow", "accept", "pass", "permit" -> action = Action.ALLOW;
                case "deny", "drop" -> action = Action.DENY;
                case "count" -> action = Action.COUNT;
                case "skipto" -> { action = Action.SKIPTO; argument = t.expect("a rule number").integer(1, RuleSet.DEFAULT_RULE, "rule number"); }
                case "reset", "unreach", "fwd", "forward", "divert", "tee", "nat", "check-state", "setfib", "tag", "untag",
                     "reass", "call", "return", "netgraph", "ngtee", "setdscp" ->
                        throw a.error("the ipfw action '" + a.text + "' is not supported here (pipe, queue, allow, deny, count, skipto)");
                default -> throw a.error("unknown action '" + a.text + "': expected pipe, queue, allow, deny, count or skipto");
            }
            if (t.peekIs("log")) throw t.next().error("'log' is not supported");
            body();
            if (number == 0) number = rules.nextNumber();
            if (action == Action.SKIPTO && argument <= number)
                throw a.error("skipto " + argument + " must jump forward, past rule " + number);
            return new Rule(number, probability, action, argument, target, body.toArray(new Match[0]), t.text(textStart));
        }

        /** A pipe or queue: a number 1..65534 (dummynet's range) or, ours, a name (a letter, then letters, digits, - _ .). */
        private static String target(Token k, String what) {
            if (k.startsDigit()) return Integer.toString(k.integer(1, 65_534, what + " number"));
            if (!k.text.matches("[A-Za-z][A-Za-z0-9_.-]*"))
                throw k.error("a " + what + " is a number 1..65534 or a name (a letter, then letters, digits, - _ .): '" + k.text + "'");
            return k.text;
        }

        private void body() {
            if (t.done()) return;
            if (!t.peekIs("from") && isProtocol(t.peek()) && t.peekIs(1, "from")) protocol(t.next());
            if (t.peekIs("from")) {
                t.next();
                endpoint(true);
                if (!t.peekIs("to")) {
                    if (t.done()) throw t.endError("expected 'to' and a destination after the source");
                    if (t.peek().startsDigit()) body.add(ports(true, t.next()));
                }
                Token to = t.expect("'to' and a destination");
                if (!to.lower().equals("to")) throw to.error("expected 'to', found '" + to.text + "'");
                endpoint(false);
                if (!t.done() && t.peek().startsDigit()) body.add(ports(false, t.next()));
            }
            while (!t.done()) body.add(option());
        }

        private static boolean isProtocol(Token k) {
            String w = k.lower();
            return w.equals("ip") || w.equals("all") || PROTOCOLS.containsKey(w) || k.startsDigit();
        }

        private void protocol(Token k) {
            String w = k.lower();
            if (w.equals("ip") || w.equals("all")) return;
            Integer n = PROTOCOLS.get(w);
            if (n == null && !k.startsDigit()) throw k.error("unknown protocol '" + k.text + "': expected ip, tcp, udp, icmp or a number 0..255");
            body.add(new Match.Protocol(n != null ? n : k.integer(0, 255, "protocol number"), w));
        }

        private void endpoint(boolean source) {
            boolean not = false;
            if (t.peekIs("not")) { t.next(); not = true; }
            Token k = t.expect(source ? "a source address" : "a destination address");
            Match m = addressMatch(source, k);
            if (m == null) return;                             // any
            body.add(not ? new Match.Not(m) : m);
        }

        /** The condition an address word makes; null for {@code any}. */
        private Match addressMatch(boolean source, Token k) {
            String w = k.lower();
            if (w.equals("any")) return null;
            if (w.equals("me")) return new Match.Address(source, Match.Address.Kind.ME, 0, 0, null, "me");
            if (w.startsWith("table(")) {
                if (!w.endsWith(")")) throw k.error("expected table(N) in '" + k.text + "'");
                int n = Tokens.number(w.substring(6, w.length() - 1), 0, 65_534, -1);
                if (n < 0) throw k.error("table number must be 0..65534 in '" + k.text + "'");
                return new Match.Address(source, Match.Address.Kind.SET, 0, 0, rules.table(n), k.text);
            }
            if (w.startsWith("{")) {
                if (!w.endsWith("}") || w.length() < 3) throw k.error("an address list is {a.b.c.d, e.f.g.h/len, ...}: '" + k.text + "'");
                AddressTable set = new AddressTable();
                for (String item : w.substring(1, w.length() - 1).split(",", -1)) {
                    if (item.isEmpty()) throw k.error("empty entry in the address list '" + k.text + "'");
                    int[] p = prefix(k, item);
                    set.add(p[0], p[1]);
                }
                return new Match.Address(source, Match.Address.Kind.SET, 0, 0, set, k.text);
            }
            int colon = w.indexOf(':');
            if (colon >= 0) {
                int ip = address(k, w.substring(0, colon)), mask = address(k, w.substring(colon + 1));
                return new Match.Address(source, Match.Address.Kind.PREFIX, ip, mask, null, k.text);
            }
            int[] p = prefix(k, w);
            return new Match.Address(source, Match.Address.Kind.PREFIX, p[0], Ipv4Address.mask(p[1]), null, k.text);
        }

        private Match option() {
            Token k = t.next();
            return switch (k.lower()) {
                case "not" -> {
                    if (t.done()) throw t.endError("expected an option after 'not'");
                    yield new Match.Not(option());
                }
                case "in" -> new Match.Direction(false);
                case "out" -> new Match.Direction(true);
                case "via" -> new Match.Interface(Match.Interface.Kind.VIA, t.expect("an interface name").text);
                case "recv" -> new Match.Interface(Match.Interface.Kind.RECV, t.expect("an interface name").text);
                case "xmit" -> new Match.Interface(Match.Interface.Kind.XMIT, t.expect("an interface name").text);
                case "src-port" -> ports(true, t.expect("ports: N, N-M, a list N,M or any"));
                case "dst-port" -> ports(false, t.expect("ports: N, N-M, a list N,M or any"));
                case "src-ip", "dst-ip" -> {
                    Match m = addressMatch(k.lower().equals("src-ip"), t.expect("an address"));
                    yield m != null ? m : ANY;
                }
                case "proto" -> {
                    Token p = t.expect("a protocol");
                    int before = body.size();
                    protocol(p);
                    yield body.size() > before ? body.removeLast() : ANY;
                }
                case "tcpflags", "tcpflag" -> tcpFlags(t.expect("TCP flags, e.g. syn,!ack"));
                case "setup" -> new Match.TcpFlags(0x02, 0x10, "setup");
                case "established" -> new Match.Established();
                case "layer2" -> new Match.Layer2();
                case "mac" -> {
                    Token d = t.expect("a destination MAC address or any"), sr = t.expect("a source MAC address or any");
                    long[] dm = mac(d), sm = mac(sr);
                    yield new Match.Mac(dm[0], dm[1], sm[0], sm[1], d.text + " " + sr.text);
                }
                case "mac-type" -> macType(t.expect("EtherTypes: N, N-M, a list, or ip, arp, ipv6, vlan"));
                case "from", "to" -> throw k.error("'" + k.text + "' must come first in the body: PROTO from SRC to DST, then options");
                case "or", "{", "}" -> throw k.error("or-blocks are not supported: write one rule per alternative");
                case "keep-state", "check-state", "limit", "record-state" -> throw k.error("stateful rules ('" + k.text + "') are not supported");
                default -> throw k.error("unknown option '" + k.text + "': expected in, out, via, recv, xmit, src-port, dst-port, "
                        + "src-ip, dst-ip, proto, tcpflags, setup, established, layer2, mac or mac-type");
            };
        }

        private Match tcpFlags(Token k) {
            int set = 0, clear = 0;
            for (String f : k.lower().split(",", -1)) {
                boolean negated = f.startsWith("!");
                Integer bit = TCP_FLAGS.get(negated ? f.substring(1) : f);
                if (bit == null) throw k.error("unknown TCP flag '" + f + "' in '" + k.text + "': flags are fin, syn, rst, psh, ack, urg, ece, cwr, each optionally after !");
                if (negated) clear |= bit; else set |= bit;
            }
            if ((set & clear) != 0) throw k.error("a TCP flag both required and refused in '" + k.text + "'");
            return new Match.TcpFlags(set, clear, "tcpflags " + k.text);
        }

        private static Match ports(boolean source, Token k) {
            List<Integer> ranges = new ArrayList<>();
            for (String item : k.lower().split(",", -1)) {
                if (item.equals("any")) return ANY;
                int dash = item.indexOf('-', 1);
                int lo = port(k, dash < 0 ? item : item.substring(0, dash));
                int hi = dash < 0 ? lo : port(k, item.substring(dash + 1));
                if (lo > hi) throw k.error("port range " + item + " runs backwards");
                ranges.add(lo);
                ranges.add(hi);
            }
            return new Match.Ports(source, ranges.stream().mapToInt(Integer::intValue).toArray(), k.text);
        }

        /** {@code any}, or six hex octets separated by ':' with an optional {@code /len} mask: {address, mask}. */
        private static long[] mac(Token k) {
            String text = k.lower();
            if (text.equals("any")) return new long[] {0, 0};
            int slash = text.indexOf('/');
            int len = 48;
            if (slash >= 0) {
                len = Tokens.number(text.substring(slash + 1), 0, 48, -1);
                if (len < 0) throw k.error("a MAC mask length must be 0..48: '" + k.text + "'");
                text = text.substring(0, slash);
            }
            String[] octets = text.split(":", -1);
            long mac = 0;
            if (octets.length != 6) throw k.error("'" + k.text + "' is not a MAC address (six hex octets, a:b:c:d:e:f, or any)");
            for (String o : octets) {
                if (o.isEmpty() || o.length() > 2 || !o.chars().allMatch(c -> Character.digit(c, 16) >= 0))
                    throw k.error("'" + k.text + "' is not a MAC address (six hex octets, a:b:c:d:e:f, or any)");
                mac = mac << 8 | Integer.parseInt(o, 16);
            }
            long mask = len == 0 ? 0 : (0xFFFF_FFFF_FFFFL << (48 - len)) & 0xFFFF_FFFF_FFFFL;
            return new long[] {mac, mask};
        }

        private static final Map<String, Integer> ETHER_TYPES = Map.of("ip", 0x0800, "arp", 0x0806, "ipv6", 0x86DD, "vlan", 0x8100);

        private static Match macType(Token k) {
            List<Integer> ranges = new ArrayList<>();
            for (String item : k.lower().split(",", -1)) {
                int dash = item.indexOf('-', 1);
                int lo = etherType(k, dash < 0 ? item : item.substring(0, dash));
                int hi = dash < 0 ? lo : etherType(k, item.substring(dash + 1));
                if (lo > hi) throw k.error("EtherType range " + item + " runs backwards");
                ranges.add(lo);
                ranges.add(hi);
            }
            return new Match.MacType(ranges.stream().mapToInt(Integer::intValue).toArray(), k.text);
        }

        private static int etherType(Token k, String text) {
            Integer named = ETHER_TYPES.get(text);
            if (named != null) return named;
            int n = -1;
            if (text.startsWith("0x") && text.length() > 2 && text.length() <= 6 && text.chars().skip(2).allMatch(c -> Character.digit(c, 16) >= 0))
                n = Integer.parseInt(text.substring(2), 16);
            else if (!text.startsWith("0x")) n = Tokens.number(text, 0, 0xFFFF, -1);
            if (n < 0) throw k.error("'" + text + "' is not an EtherType (0..0xffff, a range N-M, or ip, arp, ipv6, vlan) in '" + k.text + "'");
            return n;
        }

        private static int port(Token k, String text) {
            Integer named = SERVICES.get(text);
            if (named != null) return named;
            int n = Tokens.number(text, 0, 65_535, -1);
            if (n < 0) throw k.error("'" + text + "' is not a port (0..65535, a range N-M, or any) in '" + k.text + "'");
            return n;
        }
    }

    /** A condition that always holds ({@code dst-port any}, {@code proto ip}). */
    static final Match ANY = new Match() {
        boolean test(Packet p, RuleSet rules) { return true; }
        public String toString() { return "any"; }
    };

    /** A word of a line and its 0-based column. */
    record Token(String text, int column) {
        String lower() { return text.toLowerCase(Locale.ROOT); }
        boolean startsDigit() { return !text.isEmpty() && Character.isDigit(text.charAt(0)); }
        IpfwError error(String message) { return new IpfwError(1, column + 1, message); }
        int integer(int min, int max, String what) {
            int n = Tokens.number(text, min, max, Integer.MIN_VALUE);
            if (n == Integer.MIN_VALUE) throw error(what + " must be " + min + ".." + max + ": '" + text + "'");
            return n;
        }
    }

    /** A line cut into words at blanks; {@code {...}} is one word whatever blanks it holds; comments cut off. */
    static final class Tokens {
        private final String line;
        private final List<Token> words = new ArrayList<>();
        private final int end;
        private int at;

        Tokens(String line) {
            this.line = line;
            int n = line.length();
            int i = 0;
            while (i < n) {
                char c = line.charAt(i);
                if (Character.isWhitespace(c)) { i++; continue; }
                if (c == '#' || (c == '/' && i + 1 < n && line.charAt(i + 1) == '/')) { n = i; break; }
                int start = i;
                if (c == '{') {
                    StringBuilder b = new StringBuilder();
                    while (i < n && line.charAt(i) != '}') {
                        if (!Character.isWhitespace(line.charAt(i))) b.append(line.charAt(i));
                        i++;
                    }
                    if (i < n) { b.append('}'); i++; }
                    words.add(new Token(b.toString(), start));
                    continue;
                }
                while (i < n && !Character.isWhitespace(line.charAt(i)) && line.charAt(i) != '#') i++;
                words.add(new Token(line.substring(start, i), start));
            }
            end = n;
        }

        /** Where the line's text ends: its length, or where its comment starts. */
        int textEnd() { return end; }

        boolean done() { return at >= words.size(); }
        Token peek() { return words.get(at); }
        boolean peekIs(String word) { return peekIs(0, word); }
        boolean peekIs(int ahead, String word) { return at + ahead < words.size() && words.get(at + ahead).lower().equals(word); }
        boolean peekNumber() { return !done() && peek().startsDigit(); }
        Token next() { return words.get(at++); }
        int position() { return at; }

        Token expect(String what) {
            if (done()) throw endError("expected " + what);
            return next();
        }

        void end() {
            if (!done()) throw peek().error("unexpected '" + peek().text + "' at the end of the line");
        }

        IpfwError endError(String message) { return new IpfwError(1, stripEnd() + 1, message + " at the end of the line"); }

        private int stripEnd() {
            int e = end;
            while (e > 0 && Character.isWhitespace(line.charAt(e - 1))) e--;
            return e;
        }

        /** The words from {@code from} on, joined by one blank. */
        String text(int from) {
            StringBuilder b = new StringBuilder();
            for (int i = from; i < words.size(); i++) b.append(i > from ? " " : "").append(words.get(i).text);
            return b.toString();
        }

        /** {@code text} as a decimal integer in min..max, or {@code otherwise}. */
        static int number(String text, int min, int max, int otherwise) {
            if (text.isEmpty() || text.length() > 10) return otherwise;
            long v = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') return otherwise;
                v = v * 10 + (c - '0');
            }
            return v < min || v > max ? otherwise : (int) v;
        }

        /** A decimal fraction such as 0.5 or 1, or NaN. */
        static double fraction(String text) {
            if (text.isEmpty() || text.length() > 20 || !text.matches("[0-9]*\\.?[0-9]*") || text.equals(".")) return Double.NaN;
            return Double.parseDouble(text);
        }
    }
}

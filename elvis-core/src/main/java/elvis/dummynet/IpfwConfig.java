package elvis.dummynet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses ipfw's {@code pipe N config ...}, {@code queue N config ...} and {@code sched N config ...}
 * lines (R-DN-13) into {@link PipeConfig}, {@link QueueConfig} and {@link SchedConfig}, with errors
 * located at file:line:column. Accepts the paper's spellings literally: {@code bw 256 Kbit/s} with
 * or without the space, {@code bit/s}, {@code Kbit/s}, {@code Mbit/s}, {@code Gbit/s}, {@code Byte/s},
 * {@code KByte/s}, {@code MByte/s}; {@code delay 20ms} or {@code delay 20} (ms); {@code queue 50} or
 * {@code queue 100KBytes}; {@code plr 0.1}; {@code mask src-ip 0xffffff00 dst-port 0xffff ...} or
 * {@code mask all}; {@code weight 10}; {@code pipe 5} / {@code sched 5} for a queue; {@code type qfq};
 * or {@code sched qfq} inside a pipe's line (the paper's example 2); {@code buckets}; {@code burst 30KBytes}; {@code noerror}; {@code pri N}; {@code profile FILE}; AQM
 * keywords; and ours: {@code bw-trace FILE}, {@code jitter}, {@code loss}, {@code corruption}, {@code mtu}. An optional
 * leading {@code ipfw} is skipped. One line gives one complete object (ipfw replaces on reconfigure).
 */
public final class IpfwConfig {
    /** What the other parts parse: delay profile files and AQM parameters. */
    public interface Extensions {
        /** Loads the delay profile in {@code file} (resolved by the caller); IllegalArgumentException with a located message otherwise. */
        DelayProfile profile(String file);

        /**
         * The AQM that {@code keyword} ("red", "gred", "codel", "pie" ...) starts, reading its
         * parameters from {@code tokens}; null when the keyword is not an AQM.
         */
        Aqm aqm(String keyword, Tokens tokens);

        /**
         * The scheduler type {@code name} with the parameters that follow it in {@code tokens}
         * (fq_codel's {@code target}, {@code quantum} ...); null for the registered type without parameters.
         */
        default Scheduler.Type scheduler(String name, Tokens tokens) { return null; }

        /** Our {@code loss-model ge:…}: Gilbert-Elliott loss on the pipe; located IllegalArgumentException otherwise. */
        default WireLoss lossModel(String spec) { throw new IllegalArgumentException("loss models are not available"); }

        /** Our {@code bw-trace FILE} (or a {@code gen:} spec): the pipe's rate follows that trace; located IllegalArgumentException otherwise. */
        default LineRate lineRate(String fileOrSpec) { throw new IllegalArgumentException("bandwidth traces are not available"); }

        Extensions NONE = new Extensions() {
            @Override public DelayProfile profile(String file) { throw new IllegalArgumentException("delay profiles are not available"); }
            @Override public Aqm aqm(String keyword, Tokens tokens) { return keyword.equals("droptail") ? Aqm.DROP_TAIL : null; }
        };
    }

    /** A bad line: the message starts with file:line:column. */
    public static final class Error extends IllegalArgumentException {
        private final String file;
        private final int line, column;

        Error(String file, int line, int column, String message) {
            super(file + ":" + line + ":" + column + ": " + message);
            this.file = file;
            this.line = line;
            this.column = column;
        }

        public String file() { return file; }
        public int line() { return line; }
        public int column() { return column; }
    }

    /** The words of one line with their columns (1-based). */
    public static final class Tokens {
        private final String file;
        private final int line;
        private final List<String> words = new ArrayList<>();
        private final List<Integer> columns = new ArrayList<>();
        private int next;

        Tokens(String text, String file, int line) {
            this.file = file;
            this.line = line;
            int i = 0, n = text.length();
            while (i < n) {
                while (i < n && Character.isWhitespace(text.charAt(i))) i++;
                if (i >= n || text.charAt(i) == '#') break;
                int start = i;
                while (i < n && !Character.isWhitespace(text.charAt(i))) i++;
                words.add(text.substring(start, i));
                columns.add(start + 1);
            }
        }

        public boolean hasNext() { return next < words.size(); }
        /** The next word, or null at the end. */
        public String peek() { return hasNext() ? words.get(next) : null; }
        /** The next word; an error naming {@code what} at the end of the line. */
        public String next(String what) {
            if (!hasNext()) throw error("expected " + what + " at end of line");
            return words.get(next++);
        }
        /** An error at the next word (not yet read). */
        public Error errorAhead(String message) {
            if (!hasNext()) return error(message);
            return new Error(file, line, columns.get(next), message);
        }

        /** An error at the last word read (or the line's end). */
        public Error error(String message) {
            int at = Math.max(0, Math.min(next - 1, words.size() - 1));
            int column = words.isEmpty() ? 1 : next == 0 ? columns.get(0) : columns.get(at);
            return new Error(file, line, column, message);
        }
    }

    private IpfwConfig() {}

    /** True when the line is a {@code pipe|queue|sched N config ...} line (after an optional {@code ipfw}). */
    public static boolean accepts(String text) {
        Tokens t = new Tokens(text, "", 0);
        if ("ipfw".equals(t.peek())) t.next++;
        String kind = t.hasNext() ? t.next("") : "";
        if (!(kind.equals("pipe") || kind.equals("queue") || kind.equals("sched"))) return false;
        if (t.hasNext()) t.next++;
        return "config".equals(t.peek());
    }

    /** Parses one line into a {@link PipeConfig}, {@link QueueConfig} or {@link SchedConfig}. */
    public static Object parse(String text, String file, int line, Extensions ext) {
        Tokens t = new Tokens(text, file, line);
        if ("ipfw".equals(t.peek())) t.next++;
        String kind = t.next("pipe, queue or sched");
        if (!(kind.equals("pipe") || kind.equals("queue") || kind.equals("sched"))) throw t.error("expected pipe, queue or sched, found '" + kind + "'");
        String id = t.next("a number 1..65534 or a name");
        try {
            Dummynet.checkId(id);
        } catch (IllegalArgumentException e) {
            throw t.error(e.getMessage());
        }
        String config = t.next("config");
        if (!config.equals("config")) throw t.error("expected 'config', found '" + config + "'");
        return switch (kind) {
            case "pipe" -> pipe(t, id, ext);
            case "queue" -> queue(t, id, ext);
            default -> sched(t, id, ext);
        };
    }

    /** Parses a line and declares its object in {@code engine}. */
    public static void apply(Dummynet engine, String text, String file, int line, Extensions ext) {
        switch (parse(text, file, line, ext)) {
            case PipeConfig p -> engine.configure(p);
            case QueueConfig q -> engine.configure(q);
            case SchedConfig s -> engine.configure(s);
            default -> throw new IllegalStateException();
        }
    }

    private static PipeConfig pipe(Tokens t, String id, Extensions ext) {
        PipeConfig p = PipeConfig.defaults(id);
        QueueConfig q = p.queue();
        SchedConfig s = p.sched();
        while (t.hasNext()) {
            String key = t.next("a parameter").toLowerCase(Locale.ROOT);
            try {
                switch (key) {
                    case "bw", "bandwidth" -> p = p.withBandwidth(bandwidth(t));
                    case "delay" -> p = p.withDelayNs(duration(t, "delay"));
                    case "burst" -> p = p.withBurst(size(t, "burst"));
                    case "profile" -> p = p.withProfile(ext.profile(t.next("a profile file")));
                    case "bw-trace" -> p = p.withRate(ext.lineRate(t.next("a bandwidth trace file or gen: spec")));   // ours: ipfw has no trace
                    case "jitter" -> p = p.withJitterNs(duration(t, "jitter"));
                    case "loss" -> p = p.withLoss(probability(t, "loss"));
                    case "corruption" -> p = p.withCorruption(probability(t, "corruption"));
                    case "mtu" -> p = p.withMtu(integer(t, "mtu", 68, 65535));
                    // ours, as the NDL link attributes loss_model, duplicate, reorder, reorder_delay
                    case "loss-model" -> p = p.withImpairments(p.impairments().withLossModel(ext.lossModel(t.next("a loss model ge:p,r[,loss_bad[,loss_good]]"))));
                    case "duplicate" -> p = p.withImpairments(p.impairments().withDuplicate(probability(t, "duplicate")));
                    case "reorder" -> {
                        double share = probability(t, "reorder");
                        String word = t.next("'reorder-delay' and a duration after the reorder share");
                        if (!word.equalsIgnoreCase("reorder-delay")) throw new IllegalArgumentException("expected 'reorder-delay D' after 'reorder " + share + "', found '" + word + "'");
                        p = p.withImpairments(p.impairments().withReorder(share, duration(t, "reorder-delay")));
                    }
                    case "mask" -> s = s.withMask(mask(t));
                    case "type", "sched" -> s = s.withType(type(t, ext));     // the paper writes 'pipe 5 config sched qfq ...'
                    default -> q = queueParameter(t, key, q, ext, true);
                }
            } catch (Error e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw t.error(e.getMessage());
            }
        }
        return p.withSched(s.withBuckets(q.buckets())).withQueue(q);
    }

    private static QueueConfig queue(Tokens t, String id, Extensions ext) {
        QueueConfig pending = QueueConfig.defaults(id, "");
        while (t.hasNext()) {
            String key = t.next("a parameter").toLowerCase(Locale.ROOT);
            try {
                switch (key) {
                    case "pipe", "sched" -> {
                        String parent = t.next("a pipe number");
                        Dummynet.checkId(parent);
                        pending = pending.withSched(parent);
                    }
                    case "mask" -> pending = pending.withMask(mask(t));
                    default -> pending = queueParameter(t, key, pending, ext, false);
                }
            } catch (Error e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw t.error(e.getMessage());
            }
        }
        if (pending.sched().isEmpty()) throw t.error("queue " + id + " needs 'pipe N' (the pipe or sched it feeds)");
        return pending;
    }

    private static SchedConfig sched(Tokens t, String id, Extensions ext) {
        SchedConfig s = SchedConfig.defaults(id);
        while (t.hasNext()) {
            String key = t.next("a parameter").toLowerCase(Locale.ROOT);
            try {
                switch (key) {
                    case "type" -> s = s.withType(type(t, ext));
                    case "mask" -> s = s.withMask(mask(t));
                    case "buckets" -> s = s.withBuckets(integer(t, "buckets", 1, QueueConfig.MAX_BUCKETS));
                    default -> throw t.error("unknown sched parameter '" + key + "' (type, mask, buckets)");
                }
            } catch (Error e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw t.error(e.getMessage());
            }
        }
        return s;
    }

    /** Parameters of a queue, for a pipe's own queue or a declared one. */
    private static QueueConfig queueParameter(Tokens t, String key, QueueConfig q, Extensions ext, boolean pipe) {
        switch (key) {
            case "queue" -> {
                String v = t.next("a queue size");
                long[] size = sizeOrSlots(t, v);
                return size[1] == 1 ? q.withBytes(size[0]) : q.withSlots((int) size[0]);
            }
            case "plr" -> { return q.withPlr(probability(t, "plr")); }
            case "buckets" -> { return q.withBuckets(integer(t, "buckets", 1, QueueConfig.MAX_BUCKETS)); }
            case "weight" -> { return q.withWeight(integer(t, "weight", 1, QueueConfig.MAX_WEIGHT)); }
            case "pri", "priority" -> { return q.withPriority(integer(t, "priority", 0, PrioScheduler.LEVELS - 1)); }
            case "noerror" -> { return q.withNoerror(true); }
            default -> {
                Aqm aqm = ext.aqm(key, t);
                if (aqm == null) aqm = key.equals("droptail") ? Aqm.DROP_TAIL : null;
                if (aqm != null) return q.withAqm(aqm);
                throw t.error("unknown " + (pipe ? "pipe" : "queue") + " parameter '" + key + "'");
            }
        }
    }

    private static final String[][] RATE_UNITS = {
            {"bit/s", "1"}, {"kbit/s", "1000"}, {"mbit/s", "1000000"}, {"gbit/s", "1000000000"},
            {"byte/s", "8"}, {"kbyte/s", "8000"}, {"mbyte/s", "8000000"}, {"gbyte/s", "8000000000"},
            {"bps", "1"}, {"kbps", "1000"}, {"mbps", "1000000"}, {"gbps", "1000000000"}};

    /** {@code 256Kbit/s}, {@code 256 Kbit/s}, {@code 1000000} (bit/s). */
    static long bandwidth(Tokens t) {
        String v = t.next("a bandwidth");
        int split = numberEnd(v);
        String number = v.substring(0, split), unit = v.substring(split);
        if (number.isEmpty()) throw t.error("expected a bandwidth such as 1Mbit/s, found '" + v + "'");
        if (unit.isEmpty() && t.hasNext() && unitOf(t.peek(), RATE_UNITS) > 0) unit = t.next("");
        double value = parseNumber(t, number);
        long multiplier = unit.isEmpty() ? 1 : unitOf(unit, RATE_UNITS);
        if (multiplier < 0) throw t.error("unknown bandwidth unit '" + unit + "' (bit/s, Kbit/s, Mbit/s, Gbit/s, Byte/s, KByte/s, MByte/s)");
        double bps = value * multiplier;
        if (bps > 1e15) throw t.error("bandwidth too large: " + v);
        long rounded = Math.round(bps);
        if (rounded != bps) throw t.error("bandwidth must be a whole number of bit/s: " + v);
        return rounded;
    }

    private static final String[][] TIME_UNITS = {{"ms", "1000000"}, {"us", "1000"}, {"ns", "1"}, {"s", "1000000000"}};
    private static final String[][] SIZE_UNITS = {
            {"bytes", "1"}, {"byte", "1"}, {"b", "1"}, {"kbytes", "1024"}, {"kbyte", "1024"}, {"kb", "1024"}, {"k", "1024"},
            {"mbytes", "1048576"}, {"mbyte", "1048576"}, {"mb", "1048576"}, {"m", "1048576"}};

    /** Milliseconds by default, as ipfw; {@code ms}, {@code us}, {@code ns}, {@code s} suffixes. */
    static long duration(Tokens t, String what) {
        String v = t.next("a " + what);
        int split = numberEnd(v);
        String number = v.substring(0, split), unit = v.substring(split);
        if (number.isEmpty()) throw t.error("expected a " + what + " such as 20ms, found '" + v + "'");
        long multiplier = unit.isEmpty() ? 1_000_000 : unitOf(unit, TIME_UNITS);
        if (multiplier < 0) throw t.error("unknown time unit '" + unit + "' (ms, us, ns, s)");
        double ns = parseNumber(t, number) * multiplier;
        if (ns > 1e18) throw t.error(what + " too large: " + v);
        return Math.round(ns);
    }

    /** Bytes: {@code 30KBytes}, {@code 30 KB}, {@code 4000}. */
    static long size(Tokens t, String what) {
        String v = t.next("a " + what + " size");
        long[] s = sizeOrSlots(t, v);
        return s[0];
    }

    /** {value, 1 when it had a byte unit}. */
    private static long[] sizeOrSlots(Tokens t, String v) {
        int split = numberEnd(v);
        String number = v.substring(0, split), unit = v.substring(split);
        if (number.isEmpty()) throw t.error("expected a number, found '" + v + "'");
        if (unit.isEmpty() && t.hasNext() && unitOf(t.peek(), SIZE_UNITS) > 0) unit = t.next("");
        long multiplier = unit.isEmpty() ? 1 : unitOf(unit, SIZE_UNITS);
        if (multiplier < 0) throw t.error("unknown size unit '" + unit + "' (Bytes, KBytes, MBytes)");
        double value = parseNumber(t, number) * multiplier;
        if (value > 1e15) throw t.error("size too large: " + v);
        if (value != Math.rint(value)) throw t.error("size must be whole: " + v);
        if (value <= 0) throw t.error("size must be positive: " + v);
        return new long[]{(long) value, unit.isEmpty() ? 0 : 1};
    }

    static double probability(Tokens t, String what) {
        String v = t.next("a probability");
        double p = parseNumber(t, v);
        if (p < 0 || p > 1) throw t.error(what + " must be a probability in [0, 1]: " + v);
        return p;
    }

    static int integer(Tokens t, String what, int min, int max) {
        String v = t.next("a number");
        long n;
        try {
            n = Long.decode(v);
        } catch (NumberFormatException e) {
            throw t.error(what + " must be a whole number " + min + ".." + max + ": '" + v + "'");
        }
        if (n < min || n > max) throw t.error(what + " must be " + min + ".." + max + ": " + v);
        return (int) n;
    }

    private static Scheduler.Type type(Tokens t, Extensions ext) {
        String v = t.next("a scheduler type");
        Scheduler.Type withParameters = ext.scheduler(v.toLowerCase(Locale.ROOT), t);
        if (withParameters != null) return withParameters;
        Scheduler.Type type = Schedulers.find(v);
        if (type == null) throw t.error("unknown scheduler type '" + v + "' (" + String.join(", ", Schedulers.names()) + ")");
        return type;
    }

    /** {@code mask all} or pairs of field and value; stops at the first word that is not a mask field. */
    static FlowMask mask(Tokens t) {
        int src = 0, dst = 0, sport = 0, dport = 0, proto = 0;
        boolean any = false;
        while (t.hasNext()) {
            String field = t.peek().toLowerCase(Locale.ROOT);
            switch (field) {
                case "all" -> { t.next(""); return new FlowMask(-1, -1, 0xffff, 0xffff, 0xff); }
                case "src-ip", "dst-ip" -> {
                    t.next("");
                    int v = (int) maskValue(t, field, 0xffffffffL);
                    if (field.equals("src-ip")) src = v; else dst = v;
                }
                case "src-port", "dst-port" -> {
                    t.next("");
                    int v = (int) maskValue(t, field, 0xffff);
                    if (field.equals("src-port")) sport = v; else dport = v;
                }
                case "proto" -> { t.next(""); proto = (int) maskValue(t, field, 0xff); }
                case "src-ip6", "dst-ip6", "flow-id" -> { t.next(""); throw t.error("mask field '" + field + "' is IPv6: not supported"); }
                default -> {
                    if (!any) throw t.errorAhead("expected a mask field (src-ip, dst-ip, src-port, dst-port, proto, all), found '" + t.peek() + "'");
                    return new FlowMask(src, dst, sport, dport, proto);
                }
            }
            any = true;
        }
        if (!any) throw t.error("expected a mask field (src-ip, dst-ip, src-port, dst-port, proto, all)");
        return new FlowMask(src, dst, sport, dport, proto);
    }

    private static long maskValue(Tokens t, String field, long max) {
        String v = t.next("a " + field + " mask");
        long value;
        try {
            value = v.startsWith("0x") || v.startsWith("0X") ? Long.parseLong(v.substring(2), 16) : Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw t.error("not a mask: '" + v + "' (a number such as 0xffffff00)");
        }
        if (value < 0 || value > max) throw t.error("not a " + field + " mask: " + v + " (at most 0x" + Long.toHexString(max) + ")");
        return value;
    }

    private static int numberEnd(String v) {
        int i = 0;
        if (i < v.length() && (v.charAt(i) == '-' || v.charAt(i) == '+')) i++;
        while (i < v.length() && (Character.isDigit(v.charAt(i)) || v.charAt(i) == '.')) i++;
        return i;
    }

    private static double parseNumber(Tokens t, String number) {
        double d;
        try {
            d = Double.parseDouble(number);
        } catch (NumberFormatException e) {
            throw t.error("not a number: '" + number + "'");
        }
        if (!Double.isFinite(d)) throw t.error("not a number: '" + number + "'");
        if (d < 0) throw t.error("must not be negative: " + number);
        return d;
    }

    private static long unitOf(String unit, String[][] units) {
        String u = unit.toLowerCase(Locale.ROOT);
        for (String[] pair : units) if (pair[0].equals(u)) return Long.parseLong(pair[1]);
        return -1;
    }
}

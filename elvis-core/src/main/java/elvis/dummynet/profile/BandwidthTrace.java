package elvis.dummynet.profile;

import elvis.util.SourceError;
import elvis.config.Units;
import elvis.dummynet.LineRate;
import elvis.dummynet.profile.Tokens.Word;

import java.util.Arrays;
import java.util.List;

/**
 * A link rate that changes with time: piecewise constant segments from time 0 to {@link #periodNs},
 * then either repeated ({@code loop}) or the last rate held ({@code hold}). Immutable and shared by
 * every pipe built from one configuration; each pipe walks it with its own {@link Cursor}.
 * <p>
 * A frame whose transmission spans a rate change is charged piecewise: its bits are sent at each
 * segment's rate in turn, so it ends when the integral of the rate from its start reaches its size
 * (segments of rate 0, outages, only pass time). Link pipes walk it with a {@link Cursor} (their
 * frames' starts never go back); dummynet pipes use it as their {@link LineRate}, shared by every
 * instance of a masked pipe, so that path keeps no state and finds the segment by binary search.
 * <p>
 * Formats ({@link #parse} tells them by the first line's word count): Riiser et al.'s HSDPA logs,
 * six columns (Unix seconds, monotonic ms, latitude, longitude, bytes received since the previous
 * line, ms since the previous line), each line one segment of col6 ms at col5/col6 bytes per ms;
 * and plain {@code TIME RATE} lines ({@code 0s 2Mbps}, {@code 1.5s 256Kbit/s}), times from 0
 * strictly increasing, ended by a line with a time alone, the trace's end.
 */
public final class BandwidthTrace implements LineRate {
    /** What the link does after the trace's last segment. */
    public enum End { LOOP, HOLD }

    private static final long MAX_PERIOD = 8760L * 3600 * Units.NANOS_PER_SECOND;

    private final long[] startNs;     // segment k covers [startNs[k], startNs[k+1]) (the last, up to periodNs)
    private final long[] bps;
    private final long periodNs;
    private final End end;
    private final double[] prefixBits;  // bits sent from 0 to each segment's start; the last entry, one period's

    BandwidthTrace(long[] startNs, long[] bps, long periodNs, End end) {
        if (startNs.length == 0 || startNs.length != bps.length || startNs[0] != 0) throw new IllegalArgumentException("bad segments");
        this.startNs = startNs;
        this.bps = bps;
        this.periodNs = periodNs;
        this.end = end;
        if (end == End.HOLD && bps[bps.length - 1] == 0) throw new IllegalArgumentException("a held trace must not end at rate 0: the link would never send again");
        if (Arrays.stream(bps).allMatch(r -> r == 0)) throw new IllegalArgumentException("the trace never sends: every rate is 0");
        prefixBits = new double[bps.length + 1];
        for (int k = 0; k < bps.length; k++) prefixBits[k + 1] = prefixBits[k] + (double) bps[k] * (segmentEnd(k) - startNs[k]) / 1e9;
    }

    /** The same segments with another end rule. */
    public BandwidthTrace withEnd(End e) { return e == end ? this : new BandwidthTrace(startNs, bps, periodNs, e); }

    public End end() { return end; }
    public long periodNs() { return periodNs; }
    public int segments() { return bps.length; }
    public long segmentStartNs(int k) { return startNs[k]; }
    public long segmentBps(int k) { return bps[k]; }

    /** Time-weighted mean rate over one period, bit/s. */
    public double meanBps() {
        double bits = 0;
        for (int k = 0; k < bps.length; k++) bits += (double) bps[k] * (segmentEnd(k) - startNs[k]);
        return bits / periodNs;
    }

    /** Time-weighted coefficient of variation of the rate over one period. */
    public double cv() {
        double mean = meanBps(), sq = 0;
        for (int k = 0; k < bps.length; k++) sq += (bps[k] - mean) * (bps[k] - mean) * (segmentEnd(k) - startNs[k]);
        return Math.sqrt(sq / periodNs) / mean;
    }

    private long segmentEnd(int k) { return k + 1 < startNs.length ? startNs[k + 1] : periodNs; }

    // ---- the line rate (dummynet pipes share one trace between instances: no state here) ----

    /** When the last of {@code bits} started at {@code start} leaves: the trace walked from its segment (found by binary search). */
    @Override
    public long finish(long start, long bits) {
        long base = periodBase(start);
        return walk(segmentAt(start - base), base, start, bits);
    }

    /** Bits the line could send in [from, to): the integral of the rate (loops counted whole). */
    @Override
    public long capacity(long from, long to) {
        if (to <= from) return 0;
        return (long) Math.min(Long.MAX_VALUE, Math.floor(bitsUntil(to) - bitsUntil(from)));
    }

    @Override
    public long bitsPerSecond(long time) { return bps[segmentAt(time - periodBase(time))]; }

    /** Bits sent from time 0 to {@code t} at full rate. */
    private double bitsUntil(long t) {
        if (end == End.HOLD && t >= periodNs) return periodBits() + (double) bps[bps.length - 1] * (t - periodNs) / 1e9;
        long base = periodBase(t);
        double periods = base == 0 ? 0 : (double) (base / periodNs) * periodBits();
        int k = segmentAt(t - base);
        return periods + prefixBits[k] + (double) bps[k] * (t - base - startNs[k]) / 1e9;
    }

    private double periodBits() { return prefixBits[bps.length]; }

    /** The start of the period holding {@code t}: 0 for a held trace. */
    private long periodBase(long t) { return end == End.LOOP && t >= periodNs ? t - Math.floorMod(t, periodNs) : 0; }

    /** The segment holding {@code local} (a time within the period; beyond it, for a held trace, the last). */
    private int segmentAt(long local) {
        int i = Arrays.binarySearch(startNs, local);
        return i >= 0 ? i : -i - 2;
    }

    /**
     * The end of {@code bits} started at {@code t} in segment {@code k} of the period starting at
     * {@code base}: each segment's rate in turn (see the class comment).
     */
    private long walk(int k, long base, long t, long bits) {
        long need = bits * Units.NANOS_PER_SECOND;            // bit·ns still to send (a frame's bits: no overflow)
        while (true) {
            long rate = bps[k];
            boolean last = k + 1 == bps.length;
            long segEnd = !last ? base + startNs[k + 1] : end == End.HOLD ? Long.MAX_VALUE : base + periodNs;
            long span = segEnd - t;
            if (rate > 0) {
                long ns = Math.ceilDiv(need, rate);
                if (ns <= span) return t + ns;
                need -= rate * span;                            // less than need: no overflow
            }
            t = segEnd;
            if (!last) k++;
            else {                                              // LOOP (a held trace's last rate is above 0)
                base += periodNs;
                k = 0;
            }
        }
    }

    /** A walker for one link pipe, whose frames start at times that never go back. */
    public Cursor cursor() { return new Cursor(); }

    /**
     * One pipe's position in the trace: O(1) per frame while its frames start in the same or the next
     * segment, a binary search after a longer idle time; allocates nothing.
     */
    public final class Cursor {
        private int k;          // the segment of the last start
        private long base;      // its period's start

        private Cursor() {}

        /** When the last of {@code bits} started at {@code start} leaves; {@code start} not before the previous call's. */
        public long finish(long start, long bits) {
            long local = start - base;
            boolean here = local >= startNs[k] && (k + 1 == bps.length ? local < periodNs || end == End.HOLD : local < startNs[k + 1]);
            if (!here) {
                if (k + 1 < bps.length && local >= startNs[k + 1] && (k + 2 == bps.length ? local < periodNs : local < startNs[k + 2])) k++;
                else {
                    base = periodBase(start);
                    k = segmentAt(start - base);
                }
            }
            return walk(k, base, start, bits);
        }
    }

    // ---- formats ----

    /** Reads a trace in either format; {@code file} names it in errors. */
    public static BandwidthTrace parse(String file, CharSequence text, End end) throws SourceError {
        List<List<Word>> lines = Tokens.lines(text);
        if (lines.isEmpty()) throw new SourceError(file, 1, 1, "empty trace: expected HSDPA lines (6 columns) or 'TIME RATE' lines");
        int columns = lines.getFirst().size();
        if (columns == 6) return hsdpa(file, lines, end);
        if (columns == 2) return plain(file, lines, end);
        Word w = lines.getFirst().getFirst();
        throw new SourceError(file, w.line(), w.column(), "a trace line has 6 columns (HSDPA: unix-s monotonic-ms lat lon bytes ms) "
                + "or 2 ('TIME RATE'), this one has " + columns);
    }

    private static BandwidthTrace hsdpa(String file, List<List<Word>> lines, End end) throws SourceError {
        long[] starts = new long[lines.size()], rates = new long[lines.size()];
        long t = 0;
        double lastUnix = -1, lastMono = -1;
        for (int i = 0; i < lines.size(); i++) {
            List<Word> l = lines.get(i);
            if (l.size() != 6) throw located(file, l.getFirst(), "an HSDPA line has 6 columns, this one has " + l.size());
            double unix = number(file, l.get(0), "Unix time"), mono = number(file, l.get(1), "monotonic time");
            number(file, l.get(2), "latitude");
            number(file, l.get(3), "longitude");
            double bytes = number(file, l.get(4), "bytes"), ms = number(file, l.get(5), "interval");
            if (unix < lastUnix) throw located(file, l.get(0), "time goes backwards: " + l.get(0).text() + " after " + fmt(lastUnix));
            if (mono < lastMono) throw located(file, l.get(1), "time goes backwards: " + l.get(1).text() + " ms after " + fmt(lastMono) + " ms");
            if (bytes < 0) throw located(file, l.get(4), "negative byte count: " + l.get(4).text());
            if (bytes != Math.floor(bytes)) throw located(file, l.get(4), "bytes must be a whole number: " + l.get(4).text());
            if (ms <= 0 || ms != Math.floor(ms)) throw located(file, l.get(5), "the interval must be a whole number of ms above 0, got " + l.get(5).text());
            lastUnix = unix;
            lastMono = mono;
            starts[i] = t;
            rates[i] = Math.round(bytes * 8000 / ms);               // bytes per ms → bit/s
            if (rates[i] > Units.MAX_BANDWIDTH) throw located(file, l.get(4), "rate above 10 Tbit/s");
            if (ms > (MAX_PERIOD - t) / 1e6) throw located(file, l.get(5), "trace longer than a year");
            t += (long) ms * 1_000_000L;
        }
        return build(file, starts, rates, t, end, lines.getLast().getFirst());
    }

    private static BandwidthTrace plain(String file, List<List<Word>> lines, End end) throws SourceError {
        int n = lines.size() - 1;
        List<Word> last = lines.getLast();
        if (last.size() != 1) throw located(file, last.getFirst(), "the trace needs an end: a last line with its end time alone (such as '60s')");
        long[] starts = new long[n], rates = new long[n];
        long previous = -1;
        for (int i = 0; i <= n; i++) {
            List<Word> l = lines.get(i);
            if (i < n && l.size() != 2) throw located(file, l.getFirst(), "a line is 'TIME RATE' (the last, the end time alone); this one has " + l.size() + " words");
            long time = duration(file, l.getFirst());
            if (i == 0 && time != 0) throw located(file, l.getFirst(), "the trace starts at time 0, got " + l.getFirst().text());
            if (time <= previous) throw located(file, l.getFirst(), (time < previous ? "time goes backwards: " : "time repeats: ")
                    + l.getFirst().text() + " after " + Units.formatDuration(previous));
            previous = time;
            if (i == n) break;
            starts[i] = time;
            Word r = l.get(1);
            if (r.text().startsWith("-")) throw located(file, r, "negative rate: " + r.text());
            rates[i] = IpfwBandwidth.parse(file, r);
        }
        if (n == 0) throw located(file, last.getFirst(), "the trace has an end but no rate line");
        return build(file, starts, rates, previous, end, last.getFirst());
    }

    private static BandwidthTrace build(String file, long[] starts, long[] rates, long period, End end, Word at) throws SourceError {
        try {
            return new BandwidthTrace(starts, rates, period, end);
        } catch (IllegalArgumentException e) {
            throw located(file, at, e.getMessage());
        }
    }

    private static long duration(String file, Word w) throws SourceError {
        if (w.text().startsWith("-")) throw located(file, w, "negative time: " + w.text());
        try {
            return Units.duration(w.text(), "time", MAX_PERIOD, "8760h");
        } catch (Units.BadValue e) {
            throw located(file, w, e.getMessage());
        }
    }

    private static double number(String file, Word w, String what) throws SourceError {
        String s = w.text();
        if (s.length() > 40 || !s.matches("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d{1,3})?")) throw located(file, w, "invalid " + what + " '" + s + "': not a number");
        double v = Double.parseDouble(s);
        if (!Double.isFinite(v)) throw located(file, w, "invalid " + what + " '" + s + "'");
        return v;
    }

    private static String fmt(double v) { return v == Math.floor(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v); }

    private static SourceError located(String file, Word w, String reason) { return new SourceError(file, w.line(), w.column(), reason); }

    @Override
    public boolean equals(Object o) {
        return o instanceof BandwidthTrace t && t.periodNs == periodNs && t.end == end && Arrays.equals(t.startNs, startNs) && Arrays.equals(t.bps, bps);
    }

    @Override
    public int hashCode() { return Arrays.hashCode(bps) * 31 + Long.hashCode(periodNs); }

    @Override
    public String toString() {
        return "trace of " + bps.length + " segments over " + Units.formatDuration(periodNs) + ", " + end.name().toLowerCase();
    }
}

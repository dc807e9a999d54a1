package elvis.dummynet.profile;

import elvis.util.SourceError;
import elvis.dummynet.DelayProfile;
import elvis.sim.RandomStream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a link does beyond bandwidth, delay, jitter, loss and corruption: a dummynet delay profile,
 * a bandwidth trace, and our extensions (Gilbert-Elliott loss, duplication, reordering). Immutable
 * and shared by every pipe of a configuration; a pipe keeps its own {@link State}. A link without
 * any of them has no LinkConditions at all (null), so its pipe pays one null test per frame.
 * <p>
 * The order a pipe applies them (elvis.link.Pipe and the dummynet pipes alike): the serializer
 * charges the frame's bits at the trace's rate (else the link's), plus the profile's drawn delay;
 * then a profile loss, the link's wire loss and the Gilbert-Elliott loss drop it (it has used its
 * time); then the delay line adds latency (+ jitter), and with probability {@code reorder} the
 * reorder delay, so that frames behind it overtake it; with probability {@code duplicate} a copy
 * arrives with it.
 *
 * @param profile      a delay profile (an {@link EmpiricalProfile}, or any other), or null
 * @param trace        a bandwidth trace, or null (then the link's bandwidth)
 * @param lossModel    Gilbert-Elliott loss, or null
 * @param duplicate    probability that a delivered frame arrives twice
 * @param reorder      probability that a frame is held back by {@code reorderDelayNs}
 * @param reorderDelayNs the extra delay of a reordered frame
 */
public record LinkConditions(DelayProfile profile, BandwidthTrace trace, GilbertElliott lossModel, double duplicate, double reorder,
                             long reorderDelayNs) {
    public LinkConditions {
        if (!(duplicate >= 0 && duplicate <= 1)) throw new IllegalArgumentException("duplicate must be within 0..1: " + duplicate);
        if (!(reorder >= 0 && reorder <= 1)) throw new IllegalArgumentException("reorder must be within 0..1: " + reorder);
        if (reorderDelayNs < 0) throw new IllegalArgumentException("reorder delay must not be negative");
        if (reorder > 0 && reorderDelayNs == 0) throw new IllegalArgumentException("'reorder' needs a 'reorder_delay' above 0");
    }

    /** Where a value was written, for errors in inline specs ({@code gen:}, {@code ge:}) and unreadable files. */
    public record Place(String file, int line, int column) {
        SourceError error(String reason) { return new SourceError(file, line, column, reason); }
    }

    /**
     * The conditions these written values describe, or null when none is set. {@code profile} and
     * {@code trace} are file names relative to {@code base} ("" for none; a trace may be a
     * {@code gen:} spec), {@code lossModel} a {@code ge:} spec or "".
     */
    public static LinkConditions load(String profile, Place profileAt, String trace, Place traceAt, BandwidthTrace.End end,
                                      String lossModel, Place lossAt, double duplicate, double reorder, long reorderDelayNs, Path base)
            throws SourceError {
        DelayProfile p = profile.isEmpty() ? null : profile(profile, profileAt, base);
        BandwidthTrace t = trace.isEmpty() ? null : trace(trace, traceAt, end, base);
        GilbertElliott ge = lossModel.isEmpty() ? null : GilbertElliott.parse(lossModel, lossAt.file, lossAt.line, lossAt.column);
        if (p == null && t == null && ge == null && duplicate == 0 && reorder == 0) return null;
        return new LinkConditions(p, t, ge, duplicate, reorder, reorderDelayNs);
    }

    /**
     * The profile file {@code name} (relative to {@code base}); {@code at} is where the name was written,
     * for a file that cannot be read. Also for dummynet's {@code pipe N config profile FILE}.
     */
    public static EmpiricalProfile profile(String name, Place at, Path base) throws SourceError {
        return EmpiricalProfile.parse(base.resolve(name).toString(), read(base, name, at, "profile"));
    }

    /**
     * dummynet's {@code profile FILE} for {@link elvis.dummynet.IpfwConfig.Extensions#profile}: the file
     * relative to {@code base}; a bad or unreadable file throws IllegalArgumentException whose message
     * is located ({@code file:line:column: reason}; for an unreadable file, the file at 1:1).
     */
    public static DelayProfile ipfwProfile(String file, Path base) {
        try {
            return profile(file, new Place(base.resolve(file).toString(), 1, 1), base);
        } catch (SourceError e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /** A trace file (relative to {@code base}) or a {@code gen:} spec written at {@code at}; also for dummynet pipes' line rate. */
    public static BandwidthTrace trace(String fileOrSpec, Place at, BandwidthTrace.End end, Path base) throws SourceError {
        if (fileOrSpec.startsWith(TraceGenerator.PREFIX)) return TraceGenerator.parse(fileOrSpec, at.file, at.line, at.column, end);
        return BandwidthTrace.parse(base.resolve(fileOrSpec).toString(), read(base, fileOrSpec, at, "bandwidth trace"), end);
    }

    private static String read(Path base, String name, Place at, String what) throws SourceError {
        try {
            Path path = base.resolve(name);
            if (Files.size(path) > 64L << 20) throw at.error(what + " file '" + name + "' is larger than 64 MB");
            return Files.readString(path);
        } catch (IOException | java.io.UncheckedIOException | java.nio.file.InvalidPathException e) {
            throw at.error("cannot read " + what + " file '" + name + "': " + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()));
        }
    }

    /** A pipe's own state: its place in the trace, its Gilbert-Elliott state, its counters. */
    public State newState() { return new State(); }

    public final class State {
        private final BandwidthTrace.Cursor cursor = trace == null ? null : trace.cursor();
        private final boolean[] bad = new boolean[1];
        private long profileDrops, lossModelDrops, duplicated, reordered;
        private long busyNs;            // profile delay charged so far

        private State() {}

        /** When the link finishes {@code bytes} started at {@code startNs}: the trace's rate (or {@code fixedNs} without a trace) plus a profile delay drawn; sets {@link #lastDrawLost}. */
        public long finishNs(long startNs, int bytes, long fixedNs, RandomStream random) {
            long end = cursor == null ? startNs + fixedNs : cursor.finish(startNs, 8L * bytes);
            lastDrawLost = false;
            if (profile != null) {
                long draw = profile.draw(bytes, random);
                long extra = draw & Long.MAX_VALUE;
                end += extra;
                busyNs += extra;
                if (draw < 0) {
                    lastDrawLost = true;
                    profileDrops++;
                }
            }
            return end;
        }

        private boolean lastDrawLost;

        /** Whether the last {@link #finishNs} drew a profile loss. */
        public boolean profileLost() { return lastDrawLost; }

        /** Gilbert-Elliott's verdict on one transmitted frame (false without a loss model; draws nothing then). */
        public boolean lossModelLoses(RandomStream random) {
            if (lossModel == null || !lossModel.lose(bad, random)) return false;
            lossModelDrops++;
            return true;
        }

        /** The extra delay of this frame: the reorder delay with probability {@code reorder}, else 0. */
        public long reorderNs(RandomStream random) {
            if (!random.chance(reorder)) return 0;
            reordered++;
            return reorderDelayNs;
        }

        /** Whether this frame also arrives a second time. */
        public boolean duplicates(RandomStream random) {
            if (!random.chance(duplicate)) return false;
            duplicated++;
            return true;
        }

        public long profileDrops() { return profileDrops; }
        public long lossModelDrops() { return lossModelDrops; }
        public long duplicated() { return duplicated; }
        public long reordered() { return reordered; }
        /** Total extra busy time the profile charged. */
        public long profileBusyNs() { return busyNs; }
    }
}

package elvis.dummynet.rules;

import elvis.dummynet.Aqm;
import elvis.dummynet.DelayProfile;
import elvis.dummynet.IpfwConfig;
import elvis.dummynet.IpfwConfig.Tokens;
import elvis.dummynet.LineRate;
import elvis.dummynet.Scheduler;
import elvis.dummynet.aqm.CoDel;
import elvis.dummynet.aqm.Pie;
import elvis.dummynet.aqm.ipfw.AqmSyntax;
import elvis.dummynet.profile.BandwidthTrace;
import elvis.dummynet.profile.LinkConditions;
import elvis.util.SourceError;
import elvis.dummynet.WireLoss;
import elvis.dummynet.sched.FlowQueueing;
import elvis.dummynet.sched.SchedulerTypes;

import java.nio.file.Path;
import java.util.Set;

/**
 * The one composition of the other parts' ipfw keywords, for every reader of {@code pipe|queue|sched
 * N config} lines (NDL's {@code [Ipfw]}, the ipfw loader): {@code profile FILE} (delay profiles),
 * {@code red|gred|codel|pie} (AQM), fq_codel's and fq_pie's parameters after {@code type}, and our
 * {@code bw-trace FILE}. Files are resolved relative to a base directory (an NDL file's own). Lives
 * here, above core, aqm, sched and profile, so that the core package depends on none of them.
 */
public final class IpfwExtensions implements IpfwConfig.Extensions {
    private static final Set<String> CODEL_WORDS = Set.of("target", "interval", "ecn", "noecn");
    private static final Set<String> PIE_WORDS = Set.of("target", "tupdate", "alpha", "beta", "max_burst", "max_ecnth",
            "ecn", "noecn", "capdrop", "nocapdrop", "drand", "nodrand", "dre", "ts", "onoff");

    private final Path base;

    private IpfwExtensions(Path base) { this.base = base; }

    /** Every keyword, with files named relative to {@code base}. */
    public static IpfwExtensions relativeTo(Path base) { return new IpfwExtensions(base); }

    @Override
    public DelayProfile profile(String file) { return LinkConditions.ipfwProfile(file, base); }

    @Override
    public Aqm aqm(String keyword, Tokens tokens) { return AqmSyntax.parse(keyword, tokens); }

    @Override
    public LineRate lineRate(String fileOrSpec) {
        try {
            return LinkConditions.trace(fileOrSpec, new LinkConditions.Place(base.resolve(fileOrSpec).toString(), 1, 1), BandwidthTrace.End.LOOP, base);
        } catch (SourceError e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /** Our {@code loss-model ge:p,r[,loss_bad[,loss_good]]}: Gilbert-Elliott loss, as the NDL link attribute {@code loss_model}. */
    @Override
    public WireLoss lossModel(String spec) {
        try {
            return elvis.dummynet.profile.GilbertElliott.parse(spec, "loss-model", 1, 1);
        } catch (SourceError e) {
            throw new IllegalArgumentException(e.getMessage().replaceFirst("^loss-model:1:\\d+: ", ""));
        }
    }

    /**
     * fq_codel's and fq_pie's parameters as ipfw reads them: {@code quantum Q limit L flows F} and the
     * AQM's own words (CoDel's {@code target interval ecn|noecn}, PIE's {@code target tupdate alpha ...}),
     * in any order; defaults from RFC 8290 and dummynet. Other types take no parameters here.
     */
    @Override
    public Scheduler.Type scheduler(String name, Tokens t) {
        boolean codel = name.equals("fq_codel");
        if (!codel && !name.equals("fq_pie")) return null;
        int quantum = FlowQueueing.DEFAULT_QUANTUM, limit = FlowQueueing.DEFAULT_LIMIT, flows = FlowQueueing.DEFAULT_FLOWS;
        CoDel codelParameters = CoDel.DEFAULT;
        Pie pieParameters = Pie.DEFAULT;
        boolean any = false;
        for (String w = t.peek(); w != null; w = t.peek(), any = true) {
            switch (w) {
                case "quantum" -> { t.next(""); quantum = count(t, "quantum"); }
                case "limit" -> { t.next(""); limit = count(t, "limit"); }
                case "flows" -> { t.next(""); flows = count(t, "flows"); }
                default -> {
                    if (codel && CODEL_WORDS.contains(w)) codelParameters = AqmSyntax.codel(t, codelParameters);
                    else if (!codel && PIE_WORDS.contains(w)) pieParameters = AqmSyntax.pie(t, pieParameters);
                    else return any ? build(t, codel, quantum, limit, flows, codelParameters, pieParameters) : null;
                }
            }
        }
        return any ? build(t, codel, quantum, limit, flows, codelParameters, pieParameters) : null;
    }

    private static Scheduler.Type build(Tokens t, boolean codel, int quantum, int limit, int flows, CoDel c, Pie p) {
        try {
            return codel ? SchedulerTypes.fqCodel(c.targetNs(), c.intervalNs(), quantum, limit, flows, c.ecn())
                    : SchedulerTypes.fqPie(p, quantum, limit, flows);
        } catch (IllegalArgumentException e) {
            throw t.error(e.getMessage());
        }
    }

    private static int count(Tokens t, String what) {
        String v = t.next("a " + what);
        try {
            int n = Integer.parseInt(v);
            if (n > 0) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw t.error(what + " must be a whole number above 0, found '" + v + "'");
    }
}

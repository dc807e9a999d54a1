package elvis.app;

import elvis.config.Arguments;
import elvis.config.Attribute;
import elvis.config.Schema;
import elvis.config.Units;
import elvis.machine.Application;
import elvis.routing.Redistribute;
import elvis.routing.rip.Rip;
import elvis.routing.rip.RipConfig;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code rip}: a RIP version 2 router ({@link Rip}, RFC 2453) on every network of its machine, with
 * the RFC's timers unless given.
 */
public final class RipApp implements ApplicationFactory {
    static final long S = Units.NANOS_PER_SECOND;

    @Override
    public Schema schema() {
        RipConfig d = RipConfig.DEFAULT;
        return new Schema("rip", List.of(
                Declare.duration("update").byDefault(d.updateNs()).doc("period of the regular updates, each sent at a random point within ±1/6 of it"),
                Declare.duration("timeout").byDefault(d.timeoutNs()).doc("a route not refreshed for this long goes to metric 16; longer than `update`"),
                Declare.duration("garbage").byDefault(d.garbageNs()).doc("how long a dead route is still advertised at metric 16 before it is forgotten"),
                Attribute.choice("split_horizon", "poisoned_reverse", "simple", "none").byDefault("poisoned_reverse")
                        .doc("what goes back out of the interface a route was learnt on: the route at 16, nothing, or the route itself"),
                Attribute.string("redistribute").byDefault("static", "`static`").doc("other routes of the machine's table it advertises, comma-separated: "
                        + "static, bgp (eBGP-learnt, tagged with their origin AS), ospf; empty for none"),
                Attribute.integer("redistribute_metric", 1, 15).byDefault(d.redistributeMetric()).doc("the metric the redistributed routes are advertised at"),
                Attribute.bool("redistribute_static").doc("the older spelling of `redistribute`: `true` is `redistribute='static'`, `false` is `redistribute=''`"),
                Attribute.string("passive").doc("interfaces whose subnet is advertised but where no update is sent or accepted (a LAN of hosts, a link to another AS), comma-separated `ethN`"),
                Attribute.bool("log").byDefault(false).doc("list each change of a learnt route (time, network, metric, gateway) in the results' output")),
                List.of());
    }

    @Override
    public Application create(Arguments a, Context context) {
        RipConfig d = RipConfig.DEFAULT;
        long update = a.duration("update", d.updateNs()), timeout = a.duration("timeout", d.timeoutNs()), garbage = a.duration("garbage", d.garbageNs());
        if (update < S) throw new Arguments.ArgumentException("update", "'update' must be at least 1s");
        if (timeout <= update) throw new Arguments.ArgumentException("timeout", "'timeout' must be longer than 'update'");
        if (garbage <= 0) throw new Arguments.ArgumentException("garbage", "'garbage' must be positive");
        RipConfig.SplitHorizon split = RipConfig.SplitHorizon.valueOf(a.string("split_horizon", "poisoned_reverse").toUpperCase(Locale.ROOT));
        Set<Integer> passive = new TreeSet<>();
        if (a.has("passive")) {
            for (String e : a.string("passive").split(",")) {
                String name = e.trim();
                if (!name.matches("eth\\d{1,4}")) throw new Arguments.ArgumentException("passive", "'" + name + "' is not an interface name such as eth0");
                passive.add(Integer.parseInt(name.substring(3)));
            }
        }
        if (a.has("redistribute") && a.has("redistribute_static"))
            throw new Arguments.ArgumentException("redistribute_static", "give 'redistribute' or its older spelling 'redistribute_static', not both");
        Set<String> sources = a.has("redistribute_static") ? (a.bool("redistribute_static", true) ? Set.of("static") : Set.of())
                : Redistribute.parse(a.string("redistribute", "static"));
        RipConfig config;
        try {
            config = new RipConfig(update, timeout, garbage, split, sources, (int) a.integer("redistribute_metric", 1, 15, d.redistributeMetric()), passive);
        } catch (IllegalArgumentException e) {
            if (e instanceof Arguments.ArgumentException ae) throw ae;
            throw new Arguments.ArgumentException("redistribute", e.getMessage());
        }
        Rip rip = new Rip(config);
        return a.bool("log", false) ? rip.logChanges() : rip;
    }
}

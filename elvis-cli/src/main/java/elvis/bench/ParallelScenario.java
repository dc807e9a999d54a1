package elvis.bench;

import elvis.cli.generate.AsGraph;
import elvis.cli.generate.InternetNdl;
import elvis.cli.generate.InternetTopology;
import elvis.cli.generate.NdlWriter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The workload of {@code elvis bench parallel}: a generated Internet ({@link InternetTopology}) with
 * bulk TCP transfers between the hosts of different stub ASes. It is made to partition well: no
 * exchange point (an exchange point is a switched LAN, which keeps all its members in one partition),
 * so every AS meets the others over 10 ms point-to-point peerings, which the partitioner cuts by AS;
 * the lookahead is 10 ms and each window carries thousands of events per partition while the traffic
 * runs. Every host of stub AS k sends {@code bytes} to the same-numbered host of another stub half-way
 * round the stubs of its size, starting at {@link #START}, once BGP has converged from its cold start
 * (about 110 s simulated at 200 ASes); the run ends at {@link #END}.
 */
final class ParallelScenario {
    static final String START = "120s", END = "180s";

    private static final Pattern HOSTS = Pattern.compile("(\\s*)\\[Machine name='(as\\d+-h)'(?: count='(\\d+)')?\\]");
    private static final Pattern NETWORK = Pattern.compile("\\s*\\[Network id='[^']*'\\]");

    private ParallelScenario() { }

    /** The description: the same arguments give the same text. */
    static String ndl(int ases, long hosts, String bytes, long seed) {
        InternetTopology.Params d = InternetTopology.Params.defaults(ases, seed);
        InternetTopology.Params p = new InternetTopology.Params(d.ases(), d.tier1(), d.transit(), d.transitProviders(), d.multihomed(),
                d.transitPeerings(), 0, d.ixpMembers(), hosts, seed);
        String problem = p.problem();
        if (problem != null) throw new IllegalArgumentException(problem);
        AsGraph g = InternetTopology.generate(p);
        InternetNdl.Options o = InternetNdl.Options.defaults(seed);
        NdlWriter w = new NdlWriter();
        InternetNdl.write(g, new InternetNdl.Options(o.igp(), o.transitRouters(), o.peeringLatency(), o.peeringBandwidth(), o.lanLatency(),
                o.lanBandwidth(), null, seed, END), w);
        return withTraffic(w.toString(), bytes);
    }

    /**
     * Adds the transfers to the generated text: after the one network line of each stub's host group,
     * its applications. A group sends to a group of its own size (a group naming a larger one is an
     * error), so stubs are paired within each size: the hosts are spread evenly, so there are at most two.
     */
    static String withTraffic(String text, String bytes) {
        String[] lines = text.split("\n", -1);
        Map<Long, List<String>> bySize = new LinkedHashMap<>();
        for (String l : lines) {
            Matcher m = HOSTS.matcher(l);
            if (m.matches()) bySize.computeIfAbsent(m.group(3) == null ? 1 : Long.parseLong(m.group(3)), k -> new ArrayList<>()).add(m.group(2));
        }
        Map<String, String> target = new HashMap<>();
        for (List<String> groups : bySize.values()) {
            for (int i = 0; i < groups.size(); i++) target.put(groups.get(i), groups.get((i + groups.size() / 2) % groups.size()));
        }
        StringBuilder out = new StringBuilder(text.length() + target.size() * 200);
        String group = null, indent = null;
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            out.append(l);
            if (i < lines.length - 1) out.append('\n');
            Matcher m = HOSTS.matcher(l);
            if (m.matches()) {
                indent = m.group(1);
                group = m.group(2);
            } else if (group != null && NETWORK.matcher(l).matches()) {
                out.append(indent).append("  [Applications]\n");
                out.append(indent).append("    [Application name='tcp_bulk_send' bytes='").append(bytes).append("' to='").append(target.get(group))
                        .append("' port='5001' start='").append(START).append("']\n");
                out.append(indent).append("    [Application name='tcp_sink' port='5001' bytes='").append(bytes).append("']\n");
                group = null;
            }
        }
        return out.toString();
    }
}

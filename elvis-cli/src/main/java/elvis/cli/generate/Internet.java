package elvis.cli.generate;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code elvis generate internet}: an Internet-like AS topology ({@link InternetTopology}), or a real AS
 * graph read from a CAIDA serial-1/2 relationship file ({@link CaidaReader}), written as NDL with an
 * {@code [AS]} per AS and a {@code [Peering]} per relationship ({@link InternetNdl}).
 */
@Command(name = "internet", mixinStandardHelpOptions = true,
        description = "Autonomous systems: a tier-1 clique, transit and stub ASes attached by preferential attachment, exchange points,"
                + " customer/provider/peer relationships, an address block per AS, hosts in each stub; BGP between ASes, OSPF inside.")
public final class Internet extends Topology {
    @Option(names = "--ases", defaultValue = "50", description = "ASes in all (default ${DEFAULT-VALUE})")
    int ases;

    @Option(names = "--tier1", description = "tier-1 ASes, a clique of peers (default 4, fewer below 12 ASes)")
    Integer tier1;

    @Option(names = "--transit", description = "transit ASes (default 15%% of the ASes)")
    Integer transit;

    @Option(names = "--transit-providers", defaultValue = "2", description = "most providers of a transit AS (default ${DEFAULT-VALUE})")
    int transitProviders;

    @Option(names = "--multihomed", defaultValue = "0.3", description = "share of stubs with two providers (default ${DEFAULT-VALUE})")
    double multihomed;

    @Option(names = "--transit-peerings", defaultValue = "0.5", description = "private peerings between transit ASes, per transit AS (default ${DEFAULT-VALUE})")
    double transitPeerings;

    @Option(names = "--ixps", description = "exchange points (default one per 50 ASes)")
    Integer ixps;

    @Option(names = "--ixp-members", defaultValue = "6", description = "members of each exchange point (default ${DEFAULT-VALUE})")
    int ixpMembers;

    @Option(names = "--hosts", description = "hosts in all, spread evenly over the stubs (default 10 per stub)")
    Long hosts;

    @Option(names = "--hosts-per-stub", defaultValue = "10", description = "hosts of each stub AS of a --caida graph (default ${DEFAULT-VALUE})")
    int hostsPerStub;

    @Option(names = "--caida", paramLabel = "FILE", description = "read the AS graph from a CAIDA AS-relationship file (serial-1 or serial-2: AS1|AS2|-1 or 0) instead of generating one")
    Path caida;

    @Option(names = "--igp", defaultValue = "ospf", description = "intra-domain protocol of ASes with several routers: ospf, rip or static (default ${DEFAULT-VALUE})")
    String igp;

    @Option(names = "--transit-routers", defaultValue = "2", description = "routers of each tier-1 and transit AS, on a core LAN (default ${DEFAULT-VALUE})")
    int transitRouters;

    @Option(names = "--peering-bandwidth", defaultValue = "1Gbps", description = "bandwidth of each inter-AS link (default ${DEFAULT-VALUE})")
    String peeringBandwidth;

    @Option(names = "--peering-delay", defaultValue = "10ms", description = "one-way delay of each inter-AS link (default ${DEFAULT-VALUE})")
    String peeringDelay;

    @Option(names = "--lan-bandwidth", defaultValue = "1Gbps", description = "bandwidth of the LANs: cores, stubs, exchange points (default ${DEFAULT-VALUE})")
    String lanBandwidth;

    @Option(names = "--lan-delay", defaultValue = "1ms", description = "one-way delay of the LANs (default ${DEFAULT-VALUE})")
    String lanDelay;

    @Option(names = "--dns", paramLabel = "DOMAIN", description = "add a DNS hierarchy for DOMAIN (root, TLD, authoritative server and resolver on the first stub's LAN) naming every machine")
    String dns;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the generator and of the simulation (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--until", description = "the simulation's end, e.g. 300s")
    String until;

    @Override
    void write(NdlWriter ndl) throws BadOption {
        if (!igp.equals("ospf") && !igp.equals("rip") && !igp.equals("static")) {
            throw new BadOption("--igp must be ospf, rip or static");
        }
        range("--transit-routers", transitRouters, 1, 64);
        range("--hosts-per-stub", hostsPerStub, 0, 1_000_000);
        InternetNdl.Options o = new InternetNdl.Options(igp, transitRouters, duration("--peering-delay", peeringDelay),
                bandwidth("--peering-bandwidth", peeringBandwidth), duration("--lan-delay", lanDelay), bandwidth("--lan-bandwidth", lanBandwidth),
                dns, seed, until == null ? null : duration("--until", until));
        try {
            InternetNdl.write(graph(), o, ndl);
        } catch (IllegalArgumentException e) {
            throw new BadOption(e.getMessage());
        }
    }

    /** The parameters of the generated graph, defaults filled in for {@code ases}. */
    InternetTopology.Params params() {
        InternetTopology.Params d = InternetTopology.Params.defaults(Math.max(1, ases), seed);
        int t1 = tier1 != null ? tier1 : d.tier1();
        int tr = transit != null ? transit : Math.min(d.transit(), Math.max(0, ases - t1));
        long h = hosts != null ? hosts : 10L * Math.max(0, ases - t1 - tr);
        return new InternetTopology.Params(ases, t1, tr, transitProviders, multihomed, transitPeerings,
                ixps != null ? ixps : d.ixps(), ixpMembers, h, seed);
    }

    private AsGraph graph() throws BadOption {
        if (caida != null) {
            String text;
            try {
                if (Files.size(caida) > 256L << 20) throw new BadOption(caida + " is larger than 256 MB");
                text = Files.readString(caida, StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                throw new BadOption("cannot read " + caida + ": " + e.getMessage());
            }
            try {
                return CaidaReader.read(text, hostsPerStub);
            } catch (CaidaReader.Malformed e) {
                throw new BadOption(caida + ":" + e.getMessage());
            }
        }
        InternetTopology.Params p = params();
        String problem = p.problem();
        if (problem != null) throw new BadOption(problem);
        return InternetTopology.generate(p);
    }
}

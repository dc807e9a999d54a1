package elvis.ndl;

import elvis.app.AppCatalog;
import elvis.config.Schema;
import elvis.link.LinkConfig;
import elvis.ndl.model.LinkSpec;
import elvis.protocol.ipv4.Ipv4Config;
import elvis.protocol.icmp.IcmpConfig;
import elvis.protocol.tcp.TcpConfig;

/**
 * The declarations a description is checked against, and its documentation tables made from: a
 * [Network]'s own keys, its link's, TCP's, ICMP's, and the applications. {@link #standard} is what the
 * command line uses; a component or a test that extends a schema passes its own through the same path.
 *
 * @param network      keys of a [Network] that are not link properties (id, arp, pcap, type)
 * @param link         the link properties of a [Network]; must include {@link LinkConfig#SCHEMA}
 * @param port         the link properties a machine's [Network] entry may set for the direction towards
 *                     it, some of {@code link}'s ({@link LinkConfig#PORT}); the others are the whole network's
 * @param tcp          the parameters of [Protocol name='TCP']; must include {@link TcpConfig#SCHEMA}
 * @param ipv4         the parameters of [Protocol name='IPv4']; must include {@link Ipv4Config#SCHEMA}
 * @param icmp         the parameters of [Protocol name='ICMP']; must include {@link IcmpConfig#SCHEMA}
 * @param applications the applications and their arguments
 */
public record NdlSchema(Schema network, Schema link, Schema port, Schema tcp, Schema ipv4, Schema icmp, AppCatalog applications) {

    public NdlSchema {
        if (!link.includes(LinkConfig.SCHEMA)) throw new IllegalArgumentException("the link schema must extend LinkConfig.SCHEMA");
        if (!link.includes(port)) throw new IllegalArgumentException("a port's link attributes must be some of the link schema's");
        if (!tcp.includes(TcpConfig.SCHEMA)) throw new IllegalArgumentException("the TCP schema must extend TcpConfig.SCHEMA");
        if (!ipv4.includes(Ipv4Config.SCHEMA)) throw new IllegalArgumentException("the IPv4 schema must extend Ipv4Config.SCHEMA");
        if (!icmp.includes(IcmpConfig.SCHEMA)) throw new IllegalArgumentException("the ICMP schema must extend IcmpConfig.SCHEMA");
    }

    public static NdlSchema standard(AppCatalog applications) {
        return new NdlSchema(LinkSpec.NETWORK, LinkConfig.SCHEMA, LinkConfig.PORT, TcpConfig.SCHEMA, Ipv4Config.SCHEMA, IcmpConfig.SCHEMA, applications);
    }

    /** This schema with another link schema (one that extends the core's); a port still sets {@link #port}'s. */
    public NdlSchema withLink(Schema link) {
        return new NdlSchema(network, link, port, tcp, ipv4, icmp, applications);
    }
}

/**
 * DNS (RFC 1035, with RFC 2181, 2308 and 6891 where noted): the wire format, zones and the
 * authoritative answer, for the applications built on them.
 *
 * <ul>
 * <li>Wire format: {@link elvis.protocol.dns.DnsName}, {@link elvis.protocol.dns.Rdata} (one record per
 *     type), {@link elvis.protocol.dns.DnsRecord}, {@link elvis.protocol.dns.DnsQuestion},
 *     {@link elvis.protocol.dns.DnsMessage} (build with {@code DnsMessage.query}, {@code responseTo},
 *     {@code builder}); {@link elvis.protocol.dns.DnsCodec} decodes (every input gives a message or a
 *     {@link elvis.protocol.dns.DnsFormatException}) and encodes with compression and truncation
 *     ({@code encode(m, DnsCodec.udpLimit(query))} over UDP, {@code encode(m)} over TCP, with
 *     {@code frameForTcp} and {@link elvis.protocol.dns.TcpFramer} for the 2-byte length).</li>
 * <li>Zones: {@link elvis.protocol.dns.ZoneParser} reads master files into an immutable
 *     {@link elvis.protocol.dns.Zone}; {@code Zone.of(origin, records)} builds one in code (a
 *     generated name hierarchy).</li>
 * <li>Answers: {@link elvis.protocol.dns.Authority#answer} is an authoritative server as a pure
 *     function; {@link elvis.protocol.dns.DigFormat} prints messages as dig does.</li>
 * <li>{@link elvis.protocol.dns.ResolvConf}: a machine's resolver configuration.</li>
 * </ul>
 * The applications are {@code elvis.app.DnsServer} ({@code dns_server}) and {@code elvis.app.Dig} ({@code dig}).
 */
package elvis.protocol.dns;

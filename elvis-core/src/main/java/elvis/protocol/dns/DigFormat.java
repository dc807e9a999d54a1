package elvis.protocol.dns;

import java.util.List;

/**
 * Prints messages as dig (BIND 9) does, so output from the simulator reads like the tool students
 * know. {@link #message} is the part dig prints from the header line to the last section;
 * {@link #reply} adds the query time, server and size lines.
 */
public final class DigFormat {
    private DigFormat() { }

    /** ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 4242" through the last non-empty section. */
    public static String message(DnsMessage m) {
        StringBuilder sb = new StringBuilder(256);
        sb.append(";; ->>HEADER<<- opcode: ").append(DnsMessage.opcodeName(m.opcode()))
          .append(", status: ").append(DnsMessage.rcodeName(m.rcode()))
          .append(", id: ").append(m.id()).append('\n');
        sb.append(";; flags:");
        if (m.qr()) sb.append(" qr");
        if (m.aa()) sb.append(" aa");
        if (m.tc()) sb.append(" tc");
        if (m.rd()) sb.append(" rd");
        if (m.ra()) sb.append(" ra");
        if ((m.z() & 2) != 0) sb.append(" ad");
        if ((m.z() & 1) != 0) sb.append(" cd");
        sb.append("; QUERY: ").append(m.questions().size())
          .append(", ANSWER: ").append(m.answers().size())
          .append(", AUTHORITY: ").append(m.authority().size())
          .append(", ADDITIONAL: ").append(m.additional().size() + (m.hasEdns() ? 1 : 0)).append('\n');
        if (m.hasEdns()) {
            sb.append("\n;; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: ").append(m.ednsPayloadSize()).append('\n');
        }
        if (!m.questions().isEmpty()) {
            sb.append(m.hasEdns() ? "" : "\n").append(";; QUESTION SECTION:\n");
            for (DnsQuestion q : m.questions()) sb.append(';').append(q).append('\n');
        }
        section(sb, "ANSWER", m.answers());
        section(sb, "AUTHORITY", m.authority());
        section(sb, "ADDITIONAL", m.additional());
        return sb.toString();
    }

    /**
     * dig's whole answer block: the message, then ";; Query time: 3 msec",
     * ";; SERVER: 10.0.0.53#53(10.0.0.53) (UDP)" and ";; MSG SIZE  rcvd: 60".
     */
    public static String reply(DnsMessage m, String server, int port, long queryNanos, boolean tcp, int size) {
        return ";; Got answer:\n" + message(m) + "\n"
                + ";; Query time: " + queryNanos / 1_000_000 + " msec\n"
                + ";; SERVER: " + server + "#" + port + "(" + server + ") (" + (tcp ? "TCP" : "UDP") + ")\n"
                + ";; MSG SIZE  rcvd: " + size + "\n";
    }

    private static void section(StringBuilder sb, String title, List<DnsRecord> records) {
        if (records.isEmpty()) return;
        sb.append("\n;; ").append(title).append(" SECTION:\n");
        for (DnsRecord r : records) sb.append(r).append('\n');
    }
}

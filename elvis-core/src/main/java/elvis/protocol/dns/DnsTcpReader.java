package elvis.protocol.dns;

import elvis.message.Message;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a TCP byte stream into DNS messages by their 2-byte length prefixes (RFC 1035 §4.2.2): one
 * per connection end, fed each chunk TCP hands up; a message split over segments waits for the rest.
 */
public final class DnsTcpReader {
    private Message held = Message.EMPTY;

    /** The messages completed by {@code data}, in order (often none or one). */
    public List<byte[]> add(Message data) {
        held = held.isEmpty() ? data : held.concat(data);
        List<byte[]> out = List.of();
        while (held.length() >= 2 && held.length() >= 2 + held.u16(0)) {
            int len = held.u16(0);
            if (out.isEmpty()) out = new ArrayList<>(1);
            byte[] m = new byte[len];
            held.copyTo(2, m, 0, len);
            out.add(m);
            held = held.slice(2 + len);
        }
        return out;
    }

    /** The message framed for TCP, as a {@link Message}. */
    public static Message frame(DnsMessage m) { return Message.wrap(DnsCodec.frameForTcp(DnsCodec.encode(m))); }
}

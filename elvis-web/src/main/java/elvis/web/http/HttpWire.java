package elvis.web.http;

import elvis.message.Message;

/** Small helpers shared by the encoders. */
final class HttpWire {
    private HttpWire() {}

    static void appendFields(StringBuilder b, HttpHeaders headers) {
        for (int i = 0; i < headers.size(); i++) b.append(headers.name(i)).append(": ").append(headers.value(i)).append("\r\n");
    }

    /** The text as ISO-8859-1 bytes (header text is octets, RFC 9110 §5.5). */
    static Message latin1(CharSequence s) {
        byte[] out = new byte[s.length()];
        for (int i = 0; i < out.length; i++) out[i] = (byte) s.charAt(i);
        return Message.wrap(out);
    }
}

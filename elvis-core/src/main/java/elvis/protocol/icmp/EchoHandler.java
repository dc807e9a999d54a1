package elvis.protocol.icmp;

import elvis.message.Message;

/**
 * Receives what ICMP has for one ping socket, at once and inside ICMP: the socket layer's handler
 * only deposits, as UDP's does.
 */
public interface EchoHandler {
    /**
     * An echo reply ({@code type} 0, {@code from} its sender), or an error ({@code type} 3 or 11,
     * {@code from} its reporter) about one of this session's echo requests; {@code sequence} is the
     * request's, {@code ttl} the TTL the message arrived with, {@code data} the reply's data after
     * the 8-byte header (empty for an error).
     */
    void echo(int type, int code, int from, int sequence, int ttl, Message data);
}

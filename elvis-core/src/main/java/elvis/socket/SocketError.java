package elvis.socket;

/**
 * An ICMP error about a datagram a socket sent, as IP_RECVERR queues it: its type and code, the
 * machine that reported it, the datagram's destination, and when it arrived.
 */
public record SocketError(int type, int code, int reporter, int address, int port, long arrivedNs) { }

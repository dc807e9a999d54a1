package elvis.protocol.udp;

import elvis.message.Message;

/** Receives the datagrams that arrive on a bound UDP port. */
@FunctionalInterface
public interface DatagramHandler {
    void datagram(Message data, int srcIp, int srcPort);
}

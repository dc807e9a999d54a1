package elvis.socket;

import elvis.message.Message;

/** A datagram received by {@link DatagramSocket#recvfrom}: its data and where it came from. */
public record Datagram(Message data, int address, int port) { }

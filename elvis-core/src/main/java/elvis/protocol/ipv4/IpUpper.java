package elvis.protocol.ipv4;

import elvis.machine.Nic;
import elvis.message.Message;

/** A protocol above IPv4 (UDP, TCP, ICMP): receives the payload of packets addressed to this machine. */
public interface IpUpper {
    void receive(Message payload, int src, int dst, Nic nic);
}

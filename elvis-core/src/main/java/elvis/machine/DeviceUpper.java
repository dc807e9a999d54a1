package elvis.machine;

import elvis.message.Message;

/**
 * Receives what arrives on a device: the machine's link-layer protocol (the first of its
 * {@link StackSpec}) gets the frames, and the protocols it demultiplexes to (IPv4, ARP) their payloads.
 */
public interface DeviceUpper {
    void receive(Message message, Nic device);
}

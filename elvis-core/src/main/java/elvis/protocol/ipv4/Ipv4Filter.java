package elvis.protocol.ipv4;

import elvis.message.Message;

/**
 * A firewall at a machine's IPv4 layer (ipfw's place in FreeBSD's ip_input and ip_output): it sees
 * each datagram once on the way in, after the header checks, and once on the way out, before
 * fragmentation; a forwarded datagram is seen both ways. Each method answers true to let the
 * datagram go on now, false when the filter took it: dropped it (counted), or holds it to give it
 * back later through {@link Ipv4#reinjectInput} or {@link Ipv4#reinjectOutput} (a dummynet pipe).
 * Set on a machine with {@link elvis.machine.Machine#packetFilter(Object)}; each device holds it.
 */
public interface Ipv4Filter {
    /** {@code packet} (a whole, checked datagram) arrived on {@code in}. */
    boolean input(Message packet, Ipv4Interface in);

    /**
     * {@code packet} leaves by {@code out} towards {@code nextHop}; {@code in} is where a forwarded
     * packet came from, null for one this machine sends.
     */
    boolean output(Message packet, Ipv4Interface out, int nextHop, Ipv4Interface in);
}

package elvis.protocol;

import elvis.protocol.bridge.Bridge;

import elvis.machine.StackSpec;
import elvis.machine.StackSpec.Creation;
import elvis.protocol.arp.Arp;
import elvis.protocol.ethernet.Ethernet;
import elvis.protocol.icmp.Icmp;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.tcp.Tcp;
import elvis.protocol.tcp.TcpSegment;
import elvis.protocol.udp.Udp;

/** The protocol stacks Elvis ships; a group of machines shares one. */
public final class Stacks {
    private Stacks() { }

    /**
     * Ethernet, IPv4 over it (EtherType 0x0800), ARP (0x0806) made when a machine first resolves
     * by asking or is asked, ICMP (1) made when a message arrives for it or IPv4 first reports an
     * error, UDP (17) and TCP (6) made when the machine first uses them: a machine
     * that never opens a TCP socket holds no TCP.
     */
    public static final StackSpec INTERNET = internet().build();

    /** A transparent bridge: every frame its devices receive goes to {@link Bridge}; nothing above it. */
    public static final StackSpec BRIDGE = StackSpec.builder().add(Bridge.KEY, Bridge::new, Creation.EAGER).build();

    /** {@link #INTERNET}'s builder, to add protocols to it (see docs/adding-a-protocol.md). */
    public static StackSpec.Builder internet() {
        return StackSpec.builder()
                .add(Ethernet.KEY, Ethernet::new, Creation.EAGER)
                .add(Ipv4.KEY, Ipv4::new, Creation.EAGER).over(Ethernet.KEY, Ethernet.TYPE_IPV4)
                .add(Arp.KEY, Arp::new, Creation.ON_DEMAND).over(Ethernet.KEY, Ethernet.TYPE_ARP)
                .add(Icmp.KEY, Icmp::new, Creation.ON_DEMAND).over(Ipv4.KEY, Icmp.PROTOCOL)
                .add(Udp.KEY, Udp::new, Creation.ON_LOCAL_USE).over(Ipv4.KEY, Udp.PROTOCOL)
                .add(Tcp.KEY, Tcp::new, Creation.ON_LOCAL_USE).over(Ipv4.KEY, TcpSegment.PROTOCOL);
    }
}

package elvis.machine;

import elvis.link.FloodInterest;
import elvis.link.FrameReceiver;
import elvis.link.Network;
import elvis.link.Pipe;
import elvis.message.Message;
import elvis.sim.trace.TraceUnit;
import elvis.sim.trace.Tracing;

/**
 * A network device: one MAC address on one network (its port there). What it receives goes to the
 * machine's link-layer protocol; the addresses configured on it belong to the network layer
 * (an IPv4 interface binds a device and its addresses).
 */
public final class Nic implements FrameReceiver {
    private final Machine machine;
    private final int index;
    private final long mac;
    private final Network network;
    private final int port;
    private final DeviceUpper upper;
    private Object networkLayer;   // the network layer's state for this device (Linux's dev->ip_ptr); null while none
    private Object packetFilter;   // the machine's firewall, null while none: in the padding after the fields above, so free

    Nic(Machine machine, int index, long mac, Network network, DeviceUpper upper) {
        this.machine = machine;
        this.index = index;
        this.mac = mac;
        this.network = network;
        this.upper = upper;
        this.port = network.attach(mac, this);
    }

    public Machine machine() { return machine; }
    /** The link-layer protocol this device hands its frames to (the stack's first protocol). */
    public DeviceUpper upper() { return upper; }
    public int index() { return index; }

    /** The machine's packet filter (see {@link Machine#packetFilter()}), or null: the network layer's one check per packet. */
    public Object packetFilter() { return packetFilter; }

    void packetFilter(Object filter) { packetFilter = filter; }
    public long mac() { return mac; }
    public Network network() { return network; }
    /** This device's port on its network. */
    public int port() { return port; }
    /** The largest packet the link carries (its MTU). */
    public int mtu() { return network.config().mtu(); }

    /** What the network layer keeps for this device (IPv4's interface), or null: one slot, no table per protocol. */
    public Object networkLayer() { return networkLayer; }

    public void networkLayer(Object state) { networkLayer = state; }

    public void transmit(Message frame) { network.transmit(port, frame); }

    @Override
    public void receive(Message frame, long fcs) {
        if (fcs != FCS_INTACT && Pipe.crc32(frame) != fcs) {
            machine.drop(DeviceDrop.FCS);
            return;
        }
        try {   // as Machine.protect, without a lambda per frame
            upper.receive(frame, this);
        } catch (RuntimeException | StackOverflowError e) {
            machine.internalError("receiving a frame", e);
        }
    }

    /**
     * What the machine's protocols act on among broadcasts: when the protocols under the numbers the
     * network classifies by (EtherTypes 0x0800 and 0x0806, IP protocol 17) all say, their keys;
     * otherwise every broadcast. Protocols not made yet declare nothing: one made by an arriving
     * frame (ARP) starts with nothing to act on, one made only by local use (UDP) has no socket.
     * A machine whose drops are traced gets every broadcast: its trace must show each discard.
     */
    @Override
    public boolean floodInterest(FloodInterest keys) {
        Tracing tracing = Tracing.of(machine.sim());
        if (tracing.active() && tracing.cached(machine.name() + "/drop", TraceUnit.TEXT) != null) return false;
        StackSpec stack = machine.stack();
        int ip = stack.demux(stack.key(0)).slot(0x0800), arp = stack.demux(stack.key(0)).slot(0x0806);
        int udp = ip < 0 ? -1 : stack.demux(stack.key(ip)).slot(17);
        return declares(0, keys) && declares(ip, keys) && declares(arp, keys) && declares(udp, keys);
    }

    private boolean declares(int slot, FloodInterest keys) {
        if (slot < 0) return true;
        if (!FloodListener.class.isAssignableFrom(machine.stack().key(slot).type())) return false;
        Object p = machine.made(slot);
        return p == null || ((FloodListener) p).floodInterest(this, keys);
    }

    /** Tells the network layer (when it listens) that the link went down or came up. */
    @Override
    public void linkChanged(boolean up) {
        if (networkLayer instanceof LinkStateListener l) machine.protect("a link state change", () -> l.linkChanged(this, up));
    }

    @Override
    public String name() { return machine.name() + "/eth" + index; }
}

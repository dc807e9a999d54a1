package elvis.machine;

import elvis.link.FrameReceiver;
import elvis.link.Network;
import elvis.link.Pipe;
import elvis.message.Message;
import elvis.protocol.arp.NeighborDirectory;
import elvis.protocol.ipv4.Origin;
import elvis.protocol.ipv4.Route;

/** A network interface: one MAC address on one network, and the IPv4 address configured on it. */
public final class Nic implements FrameReceiver {
    private final Machine machine;
    private final int index;
    private final long mac;
    private final Network network;
    private final int port;
    private final int address;
    private final int prefixLength;
    private final NeighborDirectory directory;   // pre-resolved neighbours, or null for real ARP
    private Route connectedRoute;                // made on first use: routing must not allocate per packet

    Nic(Machine machine, int index, long mac, Network network, int address, int prefixLength, NeighborDirectory directory) {
        this.machine = machine;
        this.index = index;
        this.mac = mac;
        this.network = network;
        this.address = address;
        this.prefixLength = prefixLength;
        this.directory = directory;
        this.port = network.attach(mac, this);
        if (directory != null) directory.add(address, mac);
    }

    public Machine machine() { return machine; }
    public int index() { return index; }
    public long mac() { return mac; }
    public Network network() { return network; }
    /** This interface's port on its network. */
    public int port() { return port; }
    public int address() { return address; }
    public int prefixLength() { return prefixLength; }
    public int netmask() { return prefixLength == 0 ? 0 : -1 << (32 - prefixLength); }
    public NeighborDirectory directory() { return directory; }

    /** The route to this interface's own subnet (on link). */
    public Route connectedRoute() {
        if (connectedRoute == null) connectedRoute = new Route(address & netmask(), prefixLength, 0, this, Origin.CONNECTED);
        return connectedRoute;
    }

    /** True when {@code ip} is on this interface's subnet. */
    public boolean onLink(int ip) { return ((ip ^ address) & netmask()) == 0; }

    public void transmit(Message frame) { network.transmit(port, frame); }

    @Override
    public void receive(Message frame, long fcs) {
        if (fcs != FCS_INTACT && Pipe.crc32(frame) != fcs) {
            machine.drop(Drop.FCS);
            return;
        }
        try {   // as Machine.protect, without a lambda per frame
            machine.ethernet().receive(frame, this);
        } catch (RuntimeException | StackOverflowError e) {
            machine.internalError("receiving a frame", e);
        }
    }

    @Override
    public String name() { return machine.name() + "/eth" + index; }
}

package elvis.protocol.ipv4;

/**
 * Hears an interface's link going down or coming up ({@link Ipv4#addInterfaceListener}): carrier on
 * a point-to-point link, the port itself on a LAN (a LAN's other machines learn of a dead neighbour
 * only from their protocols' timeouts, as on a real switch).
 */
@FunctionalInterface
public interface InterfaceListener {
    /** {@code iface}'s link went down or came {@code up}; its routes have already followed. */
    void interfaceChanged(Ipv4Interface iface, boolean up);
}

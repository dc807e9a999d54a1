package elvis.machine;

/**
 * The network layer's state for a device ({@link Nic#networkLayer()}) that wants to hear its link
 * go down and come up (IPv4's interface does): the device passes on what its network tells it.
 */
public interface LinkStateListener {
    /** {@code device}'s link went down or came {@code up}. */
    void linkChanged(Nic device, boolean up);
}

package elvis.protocol.bridge;

import elvis.machine.DropCause;

/** What a bridge discards. */
public enum BridgeDrop implements DropCause {
    /** Shorter than an Ethernet header. */
    RUNT("frame shorter than an Ethernet header"),
    /** Its destination was learned on the port it came from: it is already on its segment (802.1D filtering). */
    SAME_SEGMENT("destination on the port the frame came from"),
    /** Addressed to one of the bridge's own ports: a transparent bridge has no higher layer. */
    TO_BRIDGE("addressed to the bridge itself");

    private final String description;

    BridgeDrop(String description) { this.description = description; }

    @Override
    public String description() { return description; }
}

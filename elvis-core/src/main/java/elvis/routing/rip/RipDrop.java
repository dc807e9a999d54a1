package elvis.routing.rip;

import elvis.machine.DropCause;

/** What a RIP router discards (RFC 2453 §3.9), counted on its machine: a message, or one entry of it. */
public enum RipDrop implements DropCause {
    RIP_MALFORMED("malformed RIP message"),
    RIP_VERSION("RIP message of a version other than 2"),
    RIP_AUTHENTICATION("authenticated RIP message (no keys configured)"),
    RIP_NOT_FROM_PORT("RIP response not from port 520"),
    RIP_NOT_NEIGHBOR("RIP response from a source not on a directly connected network"),
    RIP_OWN_ADDRESS("RIP message from one of the router's own addresses"),
    RIP_PASSIVE("RIP message on a passive interface"),
    RIP_BAD_ENTRY("RIP entry with a bad family, metric, address or mask (ignored)");

    private final String description;

    RipDrop(String description) { this.description = description; }

    @Override
    public String description() { return description; }
}

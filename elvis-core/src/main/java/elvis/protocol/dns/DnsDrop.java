package elvis.protocol.dns;

import elvis.machine.DropCause;

/** What DNS applications discard. */
public enum DnsDrop implements DropCause {
    DNS_MALFORMED("DNS message that does not decode, and no FORMERR sent (no header, or a response)"),
    DNS_UNEXPECTED_RESPONSE("DNS response sent to a server");

    private final String description;

    DnsDrop(String description) { this.description = description; }

    @Override
    public String description() { return description; }
}

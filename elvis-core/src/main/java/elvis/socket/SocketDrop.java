package elvis.socket;

import elvis.machine.DropCause;

/** What the socket layer discards. */
public enum SocketDrop implements DropCause {
    SOCKET_BUFFER("socket receive buffer full");

    private final String description;

    SocketDrop(String description) { this.description = description; }

    @Override
    public String description() { return description; }
}

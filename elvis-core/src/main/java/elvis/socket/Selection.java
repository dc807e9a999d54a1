package elvis.socket;

import java.util.List;

/**
 * What {@link Process#select} found ready: the sockets of its read set that a recv or accept would not
 * block on (data, end of stream, a connection, an error) and those of its write set that a send would
 * not block on (buffer space, or an error it would report at once).
 */
public record Selection(List<Socket> readable, List<Socket> writable) {
    public Selection {
        readable = List.copyOf(readable);
        writable = List.copyOf(writable);
    }

    /** How many sockets are ready, counting one in both sets twice, as select(2) returns. */
    public int count() { return readable.size() + writable.size(); }

    public boolean isEmpty() { return count() == 0; }
}

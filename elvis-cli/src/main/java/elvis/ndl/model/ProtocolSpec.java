package elvis.ndl.model;

import elvis.config.Values;
import elvis.ndl.Pos;
import java.util.Map;

/**
 * A {@code [Protocol]}: canonical name (IPv4, UDP, TCP, ARP, ICMP) and its arguments.
 *
 * @param settings the checked parameters, with defaults for the others, of a protocol that takes
 *                 parameters (TCP); null for the others
 */
public record ProtocolSpec(String name, Map<String, String> args, Values settings, Pos pos) {

    public ProtocolSpec {
        args = Map.copyOf(args);
    }
}

package elvis.ndl.model;

import elvis.ndl.Pos;
import java.util.Map;

/** A {@code [Protocol]}: canonical name (IPv4, UDP, TCP, ARP, ICMP) and its free-form arguments. */
public record ProtocolSpec(String name, Map<String, String> args, Pos pos) {

    public ProtocolSpec {
        args = Map.copyOf(args);
    }
}

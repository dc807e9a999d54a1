package elvis.ndl.model;

import elvis.ndl.Pos;
import elvis.routing.Prefix;

import java.util.List;
import java.util.Optional;

/**
 * An {@code [Event]} of the {@code [Events]} section: at {@code atNs}, links or a machine go down or up, or a
 * machine announces or withdraws a route.
 *
 * @param networks the networks the event is about (indices into {@link NdlSimulation#networks()}): every link of
 *                 a network written with count; with {@code machine}, only that machine's ports on them; empty
 *                 when the event names only a machine
 * @param machine  the machine's name (an instance name such as {@code r-3} for a group), or null
 * @param prefix   the route announced or withdrawn, for those kinds
 */
public record EventSpec(long atNs, Kind kind, List<Integer> networks, String machine, Optional<Prefix> prefix, Pos pos) {

    public enum Kind { DOWN, UP, ANNOUNCE, WITHDRAW }

    public EventSpec {
        networks = List.copyOf(networks);
    }
}

package elvis.ndl.model;

import java.util.List;
import java.util.Optional;

/**
 * Which address each machine instance has on each of its networks, computed on demand so that
 * groups of millions of machines cost no memory. The rules are in docs/ndl.md ("Address plan").
 */
public final class AddressPlan {

    /**
     * How one group gets its address on one network.
     *
     * @param fixed  the claimed address (only for groups of one machine)
     * @param offset otherwise, the position of the group's first instance in the network's free addresses
     * @param perLink instance {@code i} is on network {@code network + i - 1}, at position {@code offset} there
     */
    public record Slot(int network, Optional<Ipv4> fixed, long offset, long count, boolean perLink) {
        public Slot(int network, Optional<Ipv4> fixed, long offset, long count) { this(network, fixed, offset, count, false); }
    }

    private final List<FreeAddresses> networks;
    private final List<List<Slot>> slots;

    /**
     * @param networks per network, its automatically assigned addresses
     * @param slots    per machine group, per attachment (same order as {@link MachineGroup#networks()})
     */
    public AddressPlan(List<FreeAddresses> networks, List<List<Slot>> slots) {
        this.networks = List.copyOf(networks);
        this.slots = slots.stream().map(List::copyOf).toList();
    }

    /** The address of instance {@code instance} (1-based) of group {@code group} on its {@code attachment}-th network. */
    public Ipv4 address(int group, long instance, int attachment) {
        Slot slot = slots.get(group).get(attachment);
        if (instance < 1 || instance > slot.count()) {
            throw new IndexOutOfBoundsException("instance " + instance + " of " + slot.count());
        }
        if (slot.perLink()) return networks.get(slot.network() + (int) (instance - 1)).get(slot.offset());
        return slot.fixed().orElseGet(() -> networks.get(slot.network()).get(slot.offset() + instance - 1));
    }

    /** The machine instance the plan gives {@code address} on network {@code network}: {group, instance}, or null when none has it. */
    public long[] owner(int network, Ipv4 address) {
        long free = networks.get(network).indexOf(address);
        for (int g = 0; g < slots.size(); g++) {
            for (Slot slot : slots.get(g)) {
                if (slot.perLink() || slot.network() != network || slot.count() == 0) continue;
                if (slot.fixed().isPresent() ? slot.fixed().get().equals(address) : free >= slot.offset() && free < slot.offset() + slot.count())
                    return new long[] {g, slot.fixed().isPresent() ? 1 : free - slot.offset() + 1};
            }
        }
        return null;
    }
}

package elvis.ndl.model;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A validated NDL file, ready to be built into a simulation.
 *
 * @param seed     the {@code [Simulation seed]}, if given
 * @param endNanos the {@code [Simulation until]} in nanoseconds, if given
 * @param dns      the {@code [DNS]} name hierarchy, if declared (its machines are among {@code machines})
 * @param modules  the {@code [Module]} registrations, in file order
 * @param globalRouting {@code [Simulation routing='global']}: routes computed centrally, kept up to date after link events
 * @param events   the {@code [Events]}, in file order
 * @param ases     the {@code [AS]} sections, in file order
 * @param peerings the {@code [Peering]}s between their border routers, in file order
 */
public record NdlSimulation(OptionalLong seed, OptionalLong endNanos, List<NetworkSpec> networks,
                            List<MachineGroup> machines, AddressPlan addresses, Optional<DnsTree> dns, List<ModuleSpec> modules,
                            boolean globalRouting, List<EventSpec> events, List<AsSpec> ases, List<PeeringSpec> peerings) {

    public NdlSimulation {
        networks = List.copyOf(networks);
        machines = List.copyOf(machines);
        modules = List.copyOf(modules);
        events = List.copyOf(events);
        ases = List.copyOf(ases);
        peerings = List.copyOf(peerings);
    }

    /** A description without modules, global routing or events. */
    public NdlSimulation(OptionalLong seed, OptionalLong endNanos, List<NetworkSpec> networks,
                         List<MachineGroup> machines, AddressPlan addresses, Optional<DnsTree> dns) {
        this(seed, endNanos, networks, machines, addresses, dns, List.of(), false, List.of(), List.of(), List.of());
    }

    /** The address of instance {@code instance} (1-based) of a group on its {@code attachment}-th network. */
    public Ipv4 address(int group, long instance, int attachment) {
        return addresses.address(group, instance, attachment);
    }

    public NdlSimulation withSeed(long newSeed) {
        return new NdlSimulation(OptionalLong.of(newSeed), endNanos, networks, machines, addresses, dns, modules, globalRouting, events, ases, peerings);
    }

    public NdlSimulation withEndNanos(long newEnd) {
        return new NdlSimulation(seed, OptionalLong.of(newEnd), networks, machines, addresses, dns, modules, globalRouting, events, ases, peerings);
    }

    /** Total number of machines across all groups. */
    public long machineCount() {
        return machines.stream().mapToLong(MachineGroup::count).sum();
    }
}

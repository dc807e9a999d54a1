package elvis.ndl.model;

import elvis.ndl.Pos;
import java.util.List;

/**
 * A {@code [Machine]} section: {@code count} identical machines.
 *
 * @param router whether the machines forward packets between their networks
 * @param bridge whether the machine is a transparent bridge joining its networks (one machine, no IP stack)
 * @param ipfw   the machines' ipfw rules and dummynet lines, or null when the section has none
 * @param cpu    each machine's processors ({@code cores}, {@code cpu_costs}), or null when the machines declare none
 * @param disk   each machine's disk, or null when the machines declare none
 * @param modules the ModNet modules applied to each machine ({@code modules='a,b'}), application side first
 * @param partition the machines' {@code partition='N'} override, or null: the partitioner places them
 */
public record MachineGroup(String name, long count, boolean router, boolean bridge, boolean pcap, List<Attachment> networks,
                           List<ProtocolSpec> protocols, List<AppSpec> applications, List<RouteSpec> routes, IpfwSpec ipfw,
                           elvis.cpu.Cpu.Config cpu, elvis.cpu.Disk.Config disk, Pos pos,
                           List<String> modules, PartitionPin partition) {

    public MachineGroup {
        networks = List.copyOf(networks);
        protocols = List.copyOf(protocols);
        applications = List.copyOf(applications);
        routes = List.copyOf(routes);
        modules = List.copyOf(modules);
    }

    /** {@code name} when the group has one machine, else {@code name-1 … name-count}. */
    public String instanceName(long instance) {
        if (instance < 1 || instance > count) {
            throw new IndexOutOfBoundsException("instance " + instance + " of " + count);
        }
        return count == 1 ? name : name + "-" + instance;
    }
}

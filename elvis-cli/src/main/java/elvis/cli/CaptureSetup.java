package elvis.cli;

import elvis.link.Network;
import elvis.machine.Machine;
import elvis.ndl.SimulationBuilder;
import elvis.ndl.model.MachineGroup;
import elvis.ndl.model.NdlSimulation;
import elvis.trace.Captures;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which captures a run writes and where: every network with {@code --pcap DIR}, else the networks and
 * machine groups with {@code pcap='true'}; a network into DIR/&lt;network&gt;.pcap, a machine into
 * DIR/&lt;machine&gt;.pcap. One rule for a whole run and for each partition of a parallel one.
 */
final class CaptureSetup {
    private CaptureSetup() { }

    /**
     * Attaches to {@code built} (a whole run, or one partition) the captures it records: its networks
     * (of a cut link, its half), its machines, and for a cut link whose far machine is captured, that
     * machine's incoming drops, which happen in this half.
     */
    static void attach(SimulationBuilder.Built built, Captures captures, Path dir, boolean everyNetwork) throws IOException {
        NdlSimulation model = built.model();
        for (int n = 0; n < built.networks().size(); n++) {
            Network network = built.networks().get(n);
            if (network != null && (everyNetwork || model.networks().get(n).link().pcap())) captures.network(network, file(dir, network.name()));
        }
        for (int g = 0; g < model.machines().size(); g++) {
            if (model.machines().get(g).pcap()) for (Machine m : built.machines(g)) captures.machine(m, file(dir, m.name()));
        }
        Set<String> captured = null;
        for (Network network : built.networks()) {
            if (network == null || network.remotePartition() < 0) continue;
            if (captured == null) captured = capturedMachines(model);
            for (int p = 0; p < network.portCount(); p++) {
                if (!network.isRemote(p)) continue;
                String nic = network.portName(p), machine = nic.substring(0, nic.lastIndexOf('/'));
                if (captured.contains(machine)) captures.farEnd(network, file(dir, machine));
            }
        }
    }

    /** The capture files of a run of {@code model}, in the order a whole run opens them (networks, then machines): what results list. */
    static List<String> files(NdlSimulation model, Path dir, boolean everyNetwork) {
        List<String> files = new ArrayList<>();
        if (dir == null) return files;
        for (var n : model.networks()) if (everyNetwork || n.link().pcap()) files.add(file(dir, n.id()).toString());
        for (MachineGroup g : model.machines()) {
            if (g.pcap()) for (long i = 1; i <= g.count(); i++) files.add(file(dir, g.instanceName(i)).toString());
        }
        return files;
    }

    private static Set<String> capturedMachines(NdlSimulation model) {
        Set<String> names = new HashSet<>();
        for (MachineGroup g : model.machines()) if (g.pcap()) for (long i = 1; i <= g.count(); i++) names.add(g.instanceName(i));
        return names;
    }

    static Path file(Path dir, String name) { return dir.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".pcap"); }
}

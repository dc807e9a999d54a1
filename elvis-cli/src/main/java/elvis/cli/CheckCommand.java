package elvis.cli;

import elvis.app.ApplicationRegistry;
import elvis.ndl.Diagnostics;
import elvis.ndl.Ndl;
import elvis.ndl.NdlResult;
import elvis.partition.Partitioner;
import elvis.ndl.model.PartitionPin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code elvis check FILE}: validates a description without running it; with {@code --partitions N}, shows how a parallel run would split it. */
@Command(name = "check", mixinStandardHelpOptions = true, description = "Check an NDL file and report every error in it.")
public final class CheckCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "the NDL file")
    Path file;

    @Option(names = "--partitions", paramLabel = "N", description = "also print how a run on N partitions (threads or MPI ranks) would be split (docs/parallel.md)")
    Integer partitions;

    @Override
    public Integer call() {
        if (partitions != null && (partitions < 1 || partitions > PartitionPin.MAX_PARTITIONS)) {
            System.err.println("elvis check: --partitions must be 1.." + PartitionPin.MAX_PARTITIONS + ", not " + partitions);
            return Main.EXIT_INVALID;
        }
        NdlResult r = Ndl.read(file, ApplicationRegistry.load());
        System.err.print(r.render());
        if (!r.ok()) return Main.EXIT_INVALID;
        var sim = r.simulation().orElseThrow();
        System.out.printf("%s: ok (%d networks, %,d machines)%n", file, sim.networks().size(), sim.machineCount());
        if (partitions == null) return 0;
        Partitioner.Result plan = Partitioner.plan(sim, partitions);
        if (!plan.ok()) {
            System.err.print(Diagnostics.render(plan.errors(), r.source()));
            return Main.EXIT_INVALID;
        }
        System.out.println(plan.plan().describe());
        return 0;
    }
}

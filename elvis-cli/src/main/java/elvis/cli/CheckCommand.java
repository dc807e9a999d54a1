package elvis.cli;

import elvis.app.ApplicationRegistry;
import elvis.ndl.Ndl;
import elvis.ndl.NdlResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code elvis check FILE}: validates a description without running it. */
@Command(name = "check", mixinStandardHelpOptions = true, description = "Check an NDL file and report every error in it.")
public final class CheckCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "the NDL file")
    Path file;

    @Override
    public Integer call() {
        NdlResult r = Ndl.read(file, ApplicationRegistry.load());
        System.err.print(r.render());
        if (!r.ok()) return Main.EXIT_INVALID;
        var sim = r.simulation().orElseThrow();
        System.out.printf("%s: ok (%d networks, %,d machines)%n", file, sim.networks().size(), sim.machineCount());
        return 0;
    }
}

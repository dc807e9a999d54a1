package elvis.cli.generate;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code elvis generate}: writes the NDL file of a standard topology, one subcommand per topology (each a
 * {@link Topology}). Every file is checked with the NDL checker before it is written.
 */
@Command(name = "generate", mixinStandardHelpOptions = true, description = "Write the NDL file of a standard topology.",
        subcommands = {Dumbbell.class, ParkingLot.class, Star.class, FatTree.class, Tree.class, Internet.class})
public final class GenerateCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() { spec.commandLine().usage(System.out); }
}

package elvis.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code elvis bench}: the project's own benchmarks (JMH micro-benchmarks run with ./elvis jmh). */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Run a benchmark scenario.",
        subcommands = {ScaleCommand.class, TcpBulkCommand.class, TcpLossCommand.class, SocketsCommand.class, IcmpCommand.class, DhcpCommand.class, DnsCommand.class, PipeCommand.class, HttpCommand.class, ModNetCommand.class, InternetCommand.class, ParallelCommand.class, TapCommand.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() { spec.commandLine().usage(System.out); }
}

package elvis.bench;

import elvis.protocol.tcp.TcpConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code elvis bench tcp-loss}: TCP over a long fat pipe at several random loss rates. Loss recovery
 * with a window of tens of thousands of segments must cost about what a lossless transfer costs per
 * event: the figure to watch is each rate's events per wall second against the lossless run's.
 */
@Command(name = "tcp-loss", mixinStandardHelpOptions = true,
        description = "Transfer N bytes over TCP (CUBIC, SACK, large buffers) on a long fat pipe at several loss rates;"
                + " report events per wall second against the lossless run.")
public final class TcpLossCommand implements Callable<Integer> {
    @Option(names = "--bytes", defaultValue = "1000000000", description = "bytes per transfer (default ${DEFAULT-VALUE})")
    long bytes;

    @Option(names = "--bandwidth", defaultValue = "1000000000", description = "link rate in bit/s (default ${DEFAULT-VALUE})")
    long bandwidth;

    @Option(names = "--rtt-ms", defaultValue = "100", description = "round-trip propagation delay in ms (default ${DEFAULT-VALUE})")
    long rttMs;

    @Option(names = "--buffer", defaultValue = "67108864", description = "send and receive buffers in bytes (default ${DEFAULT-VALUE})")
    int buffer;

    @Option(names = "--loss", split = ",", defaultValue = "0,0.00001,0.0001,0.001",
            description = "loss probabilities per frame and direction, comma-separated (default ${DEFAULT-VALUE})")
    List<Double> losses;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Mixin
    BenchJson json;

    @Override
    public Integer call() throws Exception {
        if (bytes < 1 || bytes > (1L << 40) || bandwidth < 1000 || rttMs < 0 || rttMs > 100_000
                || buffer < 1 || buffer > (65535 << 14) || losses.stream().anyMatch(l -> !(l >= 0 && l < 1))) {
            System.err.println("elvis bench tcp-loss: --bytes 1..2^40, --bandwidth >= 1000, --rtt-ms 0..100000,"
                    + " --buffer 1..2^30 and --loss values in [0, 1) are required");
            return 2;
        }
        TcpConfig tcp = TcpConfig.DEFAULT.withSendBuffer(buffer).withReceiveBuffer(buffer).withCongestionControl("cubic");
        System.out.printf("tcp-loss: %,d bytes, %,d bit/s, RTT %d ms, buffers %,d bytes, CUBIC with SACK%n",
                bytes, bandwidth, rttMs, buffer);
        System.out.printf("%10s %10s %12s %12s %10s %12s %8s%n",
                "loss", "wall s", "sim s", "events", "rexmits", "events/s", "ratio");
        // One untimed transfer first, so that the first rate is not the only one to pay for JIT compilation.
        TcpBulkScenario.run(Math.min(bytes, 100_000_000), seed, new TcpBulkScenario.Path(bandwidth, rttMs * 500_000, losses.getFirst(), tcp));
        List<Map<String, Object>> runs = new ArrayList<>();
        double baseline = 0;
        boolean complete = true;
        for (double loss : losses) {
            var r = TcpBulkScenario.run(bytes, seed, new TcpBulkScenario.Path(bandwidth, rttMs * 500_000, loss, tcp));
            double rate = r.events() / (r.wallNs() / 1e9);
            if (baseline == 0) baseline = rate;
            double ratio = baseline / rate;     // how many times slower per event than the first rate given
            System.out.printf("%10s %10.2f %12.3f %,12d %,10d %,12.0f %8.2f%n", loss, r.wallNs() / 1e9,
                    r.simulatedNs() / 1e9, r.events(), r.retransmitted(), rate, ratio);
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("scenario", "tcp-loss");
            run.put("loss", loss);
            run.put("bytes_delivered", r.bytesDelivered());
            run.put("wall_seconds", r.wallNs() / 1e9);
            run.put("sim_seconds", r.simulatedNs() / 1e9);
            run.put("events", r.events());
            run.put("retransmissions", r.retransmitted());
            run.put("events_per_second", rate);
            run.put("slowdown_vs_first", ratio);
            runs.add(run);
            complete &= r.bytesDelivered() == bytes;
        }
        json.write(runs);
        return complete ? 0 : 1;
    }
}

package elvis.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Valid descriptions of random scenarios, run through the command line: groups of clients sending
 * messages over UDP or TCP to a server, a bulk TCP transfer beside them, on one LAN or across a
 * router, with random link characteristics and neighbour resolution. The run must end with exit
 * code 0 (or 1 when UDP traffic could be lost), write valid JSON, and record no failure.
 */
class RandomScenarioTest {
    @Property(tries = 40)
    void randomDescriptionsRunCleanly(@ForAll long seed, @ForAll @IntRange(min = 0, max = 1) int routed) throws Exception {
        Random rnd = new Random(seed);
        boolean tcp = rnd.nextBoolean();
        double lossPercent = rnd.nextBoolean() ? 0 : rnd.nextInt(30) / 10.0;
        int queue = rnd.nextBoolean() ? 0 : 20 + rnd.nextInt(500);
        int clients = 1 + rnd.nextInt(40), count = 1 + rnd.nextInt(5);
        long bulk = 1000L * (1 + rnd.nextInt(3000));
        boolean arp = rnd.nextBoolean();
        String link = "bandwidth='" + (1 + rnd.nextInt(100)) + "Mbps' latency='" + rnd.nextInt(20) + "ms'"
                + (lossPercent > 0 ? " loss='" + lossPercent + "%'" : "") + (queue > 0 ? " queue='" + queue + "'" : "")
                + " arp='" + (arp ? "dynamic" : "static") + "'";
        String serverNet = routed == 1 ? "right" : "left";
        StringBuilder ndl = new StringBuilder();
        ndl.append("[Simulation seed='").append(seed).append("' until='600s']\n[Networks]\n");
        ndl.append("  [Network id='left' ").append(link).append("]\n    [IP subnet='10.1.0.0/16']\n");
        if (routed == 1) ndl.append("  [Network id='right' ").append(link).append("]\n    [IP subnet='10.2.0.0/16']\n");
        ndl.append("[Machines]\n");
        if (routed == 1) {
            ndl.append("  [Machine name='router' router='true']\n    [Networks]\n")
                    .append("      [Network id='left' ip='10.1.0.1']\n      [Network id='right' ip='10.2.0.1']\n")
                    .append("    [Applications]\n");
        }
        String serverIp = routed == 1 ? "10.2.0.9" : "10.1.0.9";
        ndl.append("  [Machine name='server']\n    [Networks]\n      [Network id='").append(serverNet)
                .append("' ip='").append(serverIp).append("']\n");
        if (routed == 1) ndl.append("    [Routes]\n      [Route to='default' via='10.2.0.1']\n");
        ndl.append("    [Applications]\n")
                .append("      [Application name='capture' ip='").append(serverIp).append("' port='7000' message='hello'")
                .append(" message_count='").append(clients * count).append("' transport='").append(tcp ? "tcp" : "udp").append("']\n")
                .append("      [Application name='tcp_sink' port='5001' bytes='").append(bulk).append("']\n");
        String route = routed == 1 ? "    [Routes]\n      [Route to='default' via='10.1.0.1']\n" : "";
        ndl.append("  [Machine name='client' count='").append(clients).append("']\n    [Networks]\n      [Network id='left']\n")
                .append(route).append("    [Applications]\n")
                .append("      [Application name='send_message' message='hello' to='server' port='7000' count='").append(count)
                .append("'").append(tcp ? " transport='tcp'" : " interval='" + rnd.nextInt(10) + "ms'").append("]\n");
        ndl.append("  [Machine name='bulk']\n    [Networks]\n      [Network id='left']\n").append(route)
                .append("    [Applications]\n")
                .append("      [Application name='tcp_bulk_send' bytes='").append(bulk).append("' to='server' port='5001']\n");

        Path dir = Files.createTempDirectory("elvis-random");
        Path file = dir.resolve("random.ndl"), json = dir.resolve("out.json");
        try {
            Files.writeString(file, ndl);
            CommandLineTest.Outcome o = CommandLineTest.elvis("run", file.toString(), "--json", json.toString(), "--quiet");
            // Datagrams may be lost on the wire, in a full queue, or beyond the 101 an unresolved
            // neighbour holds while ARP asks (Arp.MAX_PENDING, as Linux's unres_qlen).
            boolean udpMayLose = !tcp && (lossPercent > 0 || queue > 0 || arp);
            if (udpMayLose) assertThat(o.exit()).as(o.err() + ndl).isIn(0, Main.EXIT_GOAL_NOT_MET);
            else assertThat(o.exit()).as(o.err() + ndl).isZero();
            JsonNode r = new ObjectMapper().readTree(json.toFile());
            assertThat(r.get("failure_count").asLong()).as(ndl.toString()).isZero();
            assertThat(r.get("interrupted").asBoolean()).isFalse();
        } finally {
            Files.deleteIfExists(json);
            Files.deleteIfExists(file);
            Files.delete(dir);
        }
    }
}

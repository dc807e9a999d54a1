package elvis.web.modnet;

import elvis.Simulation;
import elvis.app.ApplicationFactory;
import elvis.config.Arguments;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.tcp.Tcp;
import elvis.protocol.tcp.TcpConfig;
import elvis.socket.ProgramApplication;
import elvis.socket.StreamSocket;
import elvis.web.http.BlockingHttpClient;
import elvis.web.http.HttpCounters;
import elvis.web.http.HttpLimits;
import elvis.web.http.HttpRequest;
import elvis.web.http.HttpResponse;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** prefork_server: a worker is busy until its whole response is in the socket; requests beyond the workers wait in the backlog. */
class PreforkServerTest {
    static final long MS = 1_000_000, S = 1_000_000_000;

    @Test
    void aThirdClientWaitsUntilAWorkerHasHandedItsResponseToTheSocket() {
        // Two workers, three clients each on its own 1 Mbit/s port, one 100 KB response each, a 16 KB
        // send buffer. A worker is busy until all but the last 16 KB are acknowledged: 86,016 bytes of
        // payload, ≈ 0.73 s on the wire (1,538-byte frames for 1,448 bytes); the third request is
        // accepted only then, and its own response takes ≈ 0.87 s more.
        Simulation sim = new Simulation(5);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED.withBandwidth(1_000_000).withDelay(MS));
        Machine server = sim.machine("server");
        sim.connect(server, lan, "10.0.0.1/24");
        Tcp.of(server).config(TcpConfig.DEFAULT.withSendBuffer(16_384));
        PreforkServer app = new PreforkServer(80, 2, 511, 100 * 1024, false, S / 10);
        server.addApplication(app);
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Machine c = sim.machine("c" + i);
            sim.connect(c, lan, "10.0.0." + (10 + i) + "/24");
            c.addApplication(new ProgramApplication("get", p -> {
                StreamSocket s = p.streamSocket();
                s.connect(Ipv4Address.parse("10.0.0.1"), 80);
                HttpResponse r = new BlockingHttpClient(s, HttpLimits.DEFAULT, new HttpCounters()).fetch(HttpRequest.get("/page.php", "server"));
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.body().length()).isEqualTo(100 * 1024);
                latencies.add(p.now());
                s.close();
            }));
        }
        sim.run();
        assertThat(latencies).hasSize(3);
        latencies.sort(null);
        assertThat(latencies.get(0)).isBetween(850 * MS, 1000 * MS);
        assertThat(latencies.get(1)).isBetween(850 * MS, 1000 * MS);
        assertThat(latencies.get(2)).isBetween(1550 * MS, 1800 * MS);
        Map<String, Object> r = app.results();
        assertThat(r).containsEntry("responses", 3L).containsEntry("busy_workers_peak", 2).containsEntry("errors", 0L);
        assertThat(app.busyWorkers()).isZero();
        // Both busy from the requests' arrival (a round trip and the request, ≈ 11 ms) to ≈ 0.73 s, then one.
        @SuppressWarnings("unchecked") List<Double> series = (List<Double>) r.get("busy_workers");
        assertThat(series.get(0)).isBetween(1.8, 1.95);
        assertThat(series.subList(1, 7)).containsOnly(2.0);
        assertThat(series.get(8)).isEqualTo(1.0);
        assertThat(server.failures()).isEmpty();
    }

    /** When one client's 10 KB response has arrived, with or without a per-request CPU cost on the server. */
    static long oneFetch(String costs) throws Exception {
        Simulation sim = new Simulation(5);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED.withBandwidth(10_000_000).withDelay(MS));
        Machine server = sim.machine("server"), client = sim.machine("client");
        sim.connect(server, lan, "10.0.0.1/24");
        sim.connect(client, lan, "10.0.0.2/24");
        if (costs != null) elvis.cpu.Cpu.of(server).configure(1, elvis.cpu.CpuCosts.parse(costs));
        server.addApplication(new PreforkServer(80, 1, 16, 10 * 1024, false, S));
        long[] at = new long[1];
        client.addApplication(new ProgramApplication("get", p -> {
            StreamSocket s = p.streamSocket();
            s.connect(Ipv4Address.parse("10.0.0.1"), 80);
            new BlockingHttpClient(s, HttpLimits.DEFAULT, new HttpCounters()).fetch(HttpRequest.get("/", "server"));
            at[0] = p.now();
            s.close();
        }));
        sim.run();
        assertThat(server.failures()).isEmpty();
        return at[0];
    }

    @Test
    void generatingThePageTakesThePerRequestCpuTime() throws Exception {
        assertThat(oneFetch("per_request=50ms") - oneFetch(null)).isEqualTo(50 * MS);
        assertThat(oneFetch("per_byte=1ns")).isEqualTo(oneFetch(null));      // no per_request cost: nothing to compute
    }

    @Test
    void theFactoryChecksItsArguments() {
        PreforkServer.Factory f = new PreforkServer.Factory();
        ApplicationFactory.Context none = ApplicationFactory.Context.of(s -> -1, Path.of(""));
        assertThat(f.create(Arguments.of(), none).results()).containsEntry("workers", 512).containsEntry("response_bytes", 800L * 1024);
        assertThatThrownBy(() -> f.create(Arguments.of("workers", "0"), none)).isInstanceOf(Arguments.ArgumentException.class);
        assertThatThrownBy(() -> f.create(Arguments.of("sample", "10us"), none)).hasMessageContaining("1ms");
    }
}

package elvis.web.modnet;

import elvis.Simulation;
import elvis.cpu.Cpu;
import elvis.cpu.CpuCosts;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.modnet.ModNet;
import elvis.modnet.Module;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.socket.Process;
import elvis.socket.StreamSocket;
import elvis.web.http.BlockingHttpClient;
import elvis.web.http.HttpCounters;
import elvis.web.http.HttpLimits;
import elvis.web.http.HttpRequest;
import elvis.web.http.HttpResponse;
import elvis.web.server.HttpServerApp;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The gzip experiment's set-up (ModNet §5.3): a server on a fast uplink behind a router, {@code clients}
 * client machines each on its own access link of {@code clientBps}, every client fetching the usage
 * report once at time 0 (asking for gzip). The server runs {@code http_server} on sockets with an
 * optional module applied to its machine, and a CPU of {@code cores} when cores > 0.
 */
final class ReportLab {
    static final long MS = 1_000_000;
    static final int SERVER = Ipv4Address.parse("10.0.0.1");
    static final long REPORT_SEED = 1;

    record Run(double meanSeconds, double maxSeconds, long wireBytes, List<String> sha256, Module module, BufferMemory memory, long cpuBusyNs,
               List<byte[]> bodies) { }

    /** One client: fetches the report and keeps how long it took and what it decoded. */
    static final class ReportClient implements Application {
        final int index;
        final String path;
        long startNs = -1, doneNs = -1, wireBytes;
        String sha256;
        byte[] body;

        ReportClient(int index, String path) {
            this.index = index;
            this.path = path;
        }

        @Override public String name() { return "report_client"; }

        @Override
        public void start(Machine machine) {
            Process.spawn(machine, this, self -> {
                startNs = self.now();
                StreamSocket s = self.streamSocket();
                s.connect(SERVER, 80);
                BlockingHttpClient http = new BlockingHttpClient(s, HttpLimits.DEFAULT, new HttpCounters());
                HttpRequest get = HttpRequest.get(path, "server");
                get.headers().add("Accept-Encoding", "gzip");
                HttpResponse r = http.fetch(get);
                doneNs = self.now();
                byte[] body = r.body().toByteArray();
                wireBytes = body.length;
                if ("gzip".equals(r.headers().get("Content-Encoding"))) body = GzipStreamTest.gunzip(body);
                sha256 = sha256(body);
                this.body = body;
                s.close();
            });
        }

        @Override public long finishedAtNs() { return doneNs; }
        @Override public String summary() { return doneNs < 0 ? "waiting" : "fetched in " + (doneNs - startNs) / 1e6 + " ms"; }
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Runs the experiment once; {@code module} null is the server without gzip ("native"). */
    static Run run(int clients, long clientBps, long uplinkBps, int cores, int reportBytes, Module module) {
        return run(clients, clientBps, uplinkBps, cores, CpuCosts.NONE, HttpServerApp.report(80, true, reportBytes, REPORT_SEED),
                HttpServerApp.REPORT_PATH, module);
    }

    /** Runs {@code clients} fetching {@code path} from {@code http} (on sockets) with {@code module} on the server, and a buffer_memory sampler there. */
    static Run run(int clients, long clientBps, long uplinkBps, int cores, CpuCosts costs, HttpServerApp http, String path, Module module) {
        Simulation sim = new Simulation(42);
        LinkConfig access = LinkConfig.UNLIMITED.withBandwidth(clientBps).withDelay(MS / 2);
        Machine server = sim.machine("server"), router = sim.machine("router");
        Network uplink = sim.link("uplink", LinkConfig.UNLIMITED.withBandwidth(uplinkBps).withDelay(MS / 10), Simulation.Resolution.STATIC);
        sim.connect(server, uplink, "10.0.0.1/24");
        sim.connect(router, uplink, "10.0.0.254/24");
        sim.router(router);
        sim.route(server, "10.1.0.0/16", "10.0.0.254");
        List<ReportClient> apps = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Machine c = sim.machine("c" + i);
            Network link = sim.link("access" + i, access, Simulation.Resolution.STATIC);
            sim.connect(router, link, "10.1." + i + ".254/24");
            sim.connect(c, link, "10.1." + i + ".1/24");
            sim.route(c, "default", "10.1." + i + ".254");
            ReportClient app = new ReportClient(i, path);
            c.addApplication(app);
            apps.add(app);
        }
        http.useSockets();
        server.addApplication(http);
        BufferMemory memory = new BufferMemory(MS / 2, 600_000 * MS);
        server.addApplication(memory);
        if (cores > 0) Cpu.of(server).configure(cores, costs);
        if (module != null) {
            ModNet modnet = ModNet.of(sim.kernel());
            modnet.register("gz", module);
            modnet.apply(server, "gz");
        }
        sim.run();
        double sum = 0, max = 0;
        long wire = 0;
        List<String> shas = new ArrayList<>();
        List<byte[]> bodies = new ArrayList<>();
        for (ReportClient a : apps) {
            if (a.doneNs < 0) throw new AssertionError("client " + a.index + " did not finish");
            double s = (a.doneNs - a.startNs) / 1e9;
            sum += s;
            max = Math.max(max, s);
            wire += a.wireBytes;
            shas.add(a.sha256);
            bodies.add(a.body);
        }
        Cpu cpu = Cpu.existing(server);
        return new Run(sum / clients, max, wire, shas, module, memory, cpu == null ? 0 : cpu.busyCoreNs(), bodies);
    }

    private ReportLab() { }

}

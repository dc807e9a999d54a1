package elvis.modnet;

import elvis.Simulation;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.tcp.TcpInfo;
import elvis.protocol.tcp.TcpState;
import elvis.socket.ProgramApplication;
import elvis.socket.StreamSocket;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/** A client sending a stream to a server through module chains on either side, with what both applications saw. */
final class ChainRig {
    static final long MS = 1_000_000;
    static final int CLIENT = Ipv4Address.parse("10.0.0.1"), SERVER = Ipv4Address.parse("10.0.0.2"), PORT = 5001;

    final Simulation sim = new Simulation(7);
    final Machine client = sim.machine("client"), server = sim.machine("server");
    final ModNet modnet = ModNet.of(sim.kernel());
    final List<String> log = new ArrayList<>();
    String sentSha, receivedSha;
    long received;
    int eofs;
    int clientSawAddress, clientSawPort, serverSawAddress, serverSawPort;
    TcpState clientState;
    long clientBytesAcked = -1;

    ChainRig() {
        Network lan = sim.network("lan", LinkConfig.UNLIMITED.withBandwidth(1_000_000_000L).withDelay(MS));
        sim.connect(client, lan, "10.0.0.1/24");
        sim.connect(server, lan, "10.0.0.2/24");
    }

    /** Registers {@code count} forwarders f0.. (or {@code prefix}0..) and returns their names. */
    String[] forwarders(String prefix, int count, boolean blocking, boolean yanks) {
        String[] names = new String[count];
        for (int i = 0; i < count; i++) {
            names[i] = prefix + i;
            modnet.register(names[i], new Forward(blocking, yanks));
        }
        return names;
    }

    static byte[] pattern(int bytes) {
        byte[] b = new byte[bytes];
        new Random(42).nextBytes(b);
        return b;
    }

    static String sha(byte[] b, int off, int len) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(b, off, len);
            return HexFormat.of().formatHex(d.digest());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The applications: the client sends {@code data}, shuts down writing and reads the server's "done"; the server digests until EOF. */
    ProgramApplication[] bulk(byte[] data) {
        sentSha = sha(data, 0, data.length);
        ProgramApplication srv = new ProgramApplication("sink", p -> {
            StreamSocket l = p.streamSocket();
            l.bind(PORT);
            l.listen(4);
            StreamSocket s = l.accept();
            serverSawAddress = s.remoteAddress();
            serverSawPort = s.remotePort();
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            while (true) {
                Message m = s.recv(1 << 20);
                if (m.isEmpty()) break;
                received += m.length();
                m.forEachSlice((a, off, len) -> d.update(a, off, len));
            }
            eofs++;
            receivedSha = HexFormat.of().formatHex(d.digest());
            if (!s.recv(10).isEmpty()) log.add("data after EOF");
            s.sendAll(Message.ofUtf8("done"));
            s.close();
            l.close();
        });
        ProgramApplication cli = new ProgramApplication("source", p -> {
            StreamSocket s = p.streamSocket();
            s.connect(SERVER, PORT);
            clientSawAddress = s.remoteAddress();
            clientSawPort = s.remotePort();
            s.sendAll(Message.wrap(data));
            s.shutdown(StreamSocket.How.WRITE);
            log.add("client got " + s.recvAll(100).toUtf8());
            TcpInfo info = s.info();
            clientState = info.state();
            clientBytesAcked = info.bytesAcked();
            s.close();
        });
        server.addApplication(srv);
        client.addApplication(cli);
        return new ProgramApplication[] {cli, srv};
    }

    void run() {
        sim.run();
        if (!client.failures().isEmpty()) log.add("client failures " + client.failures());
        if (!server.failures().isEmpty()) log.add("server failures " + server.failures());
    }
}

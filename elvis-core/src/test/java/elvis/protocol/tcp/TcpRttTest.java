package elvis.protocol.tcp;

import elvis.Simulation;
import elvis.app.TcpSink;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4Address;
import org.junit.jupiter.api.Test;

import static elvis.protocol.tcp.TcpScript.MS;
import static elvis.protocol.tcp.TcpScript.S;
import static org.assertj.core.api.Assertions.assertThat;

/** RTT samples at the simulator's precision (RFC 6298 with Karn's rule, RFC 7323 Appendix G), not the timestamp tick's. */
class TcpRttTest {
    static final long US = 1_000;

    @Test
    void srttOnA10MicrosecondTenGigabitLinkIsTheRoundTripInNanoseconds() {
        Simulation sim = new Simulation(1);
        Network link = sim.link("p2p", LinkConfig.UNLIMITED.withBandwidth(10_000_000_000L).withDelay(10 * US),
                Simulation.Resolution.STATIC);
        Machine a = sim.machine("a"), b = sim.machine("b");
        sim.connect(a, link, "10.0.0.1/30");
        sim.connect(b, link, "10.0.0.2/30");
        b.addApplication(new TcpSink(80, 0, false));
        long[] afterHandshake = new long[1];
        TcpConnection[] c = new TcpConnection[1];
        sim.kernel().at(0, () -> c[0] = Tcp.of(a).connect(Ipv4Address.parse("10.0.0.2"), 80, null, new ConnectionHandler() {
            @Override public void connected(TcpConnection conn) {
                afterHandshake[0] = conn.info().srttNs();
                conn.send(Message.zeros(2 * 1448));              // two full segments (MSS 1460 less the timestamp option)
            }
        }));
        sim.runUntil(S);
        // SYN and SYN-ACK are 74-byte frames: 59.2 ns each at 10 Gbit/s, rounded up to 60, plus 10 µs each way.
        assertThat(afterHandshake[0]).isEqualTo(60 + 10_000 + 60 + 10_000);
        // The application sends once TCP has processed the SYN-ACK, whose ACK (a 66-byte frame, 53 ns) has
        // gone first, as in a real stack. The second 1514-byte segment leaves 53 + 2 · 1212 ns after they were
        // sent; the receiver acknowledges it at once (every second full segment) with a 66-byte frame (53 ns):
        // R = 53 + 2424 + 10000 + 53 + 10000 = 22530 ns.
        // SRTT = 20120 + (22530 − 20120)/8, RTTVAR = 10060 + (2410 − 10060)/4 (RFC 6298 (2.3)).
        TcpInfo info = c[0].info();
        assertThat(info.srttNs()).isEqualTo(20_421);
        assertThat(info.rttvarNs()).isEqualTo(8_148);
        assertThat(info.rtoNs()).isEqualTo(S);                  // still the RFC 6298 (2.4) floor
    }

    @Test
    void everyAckIsTimedFromItsNewestSegmentExceptWhenItCoversARetransmission() {
        // Timestamps on, with their 1 ms tick: the 250 µs handshake would echo a 0 ms RTT.
        TcpScript t = new TcpScript(TcpScript.plain().withTimestamps(true));
        TcpSegment.Options synAck = TcpScript.mssOption(1000);
        synAck.timestamp = true;
        synAck.tsVal = 7;
        synAck.tsEcr = 1;
        t.activeOpen(250 * US, 64000, synAck);
        int smss = 1000 - 12;                                    // RFC 6691: less the timestamp option
        assertThat(t.connection.info().srttNs()).isEqualTo(250 * US);   // (2.2): SRTT = R
        assertThat(t.connection.info().rttvarNs()).isEqualTo(125 * US);

        // Two segments at 1 ms, both acknowledged 300 µs later: FlightSize 2 segments, one sample expected.
        t.at(MS, () -> t.connection.send(Message.zeros(2 * smss)));
        t.at(MS + 300 * US, () -> t.ack(1 + 2 * smss, 64000));
        t.runUntil(MS + 300 * US);
        assertThat(t.pending()).isEqualTo(2);
        t.next(); t.next();
        assertThat(t.connection.info().rttvarNs()).isEqualTo(125_000 + (50_000 - 125_000) / 4);
        assertThat(t.connection.info().srttNs()).isEqualTo(250_000 + 50_000 / 8);

        // Four segments at 2 ms; the first two are acknowledged after 200 µs. FlightSize is 4 segments, so
        // ExpectedSamples = 2 and the gains are 1/8 and 1/16 (RFC 7323 Appendix G).
        t.at(2 * MS, () -> t.connection.send(Message.zeros(4 * smss)));
        t.at(2 * MS + 200 * US, () -> t.ack(1 + 4 * smss, 64000));
        t.runUntil(2 * MS + 200 * US);
        assertThat(t.pending()).isEqualTo(4);
        for (int i = 0; i < 4; i++) t.next();
        assertThat(t.connection.info().rttvarNs()).isEqualTo(106_250 + (56_250 - 106_250) / 8);
        assertThat(t.connection.info().srttNs()).isEqualTo(256_250 + (200_000 - 256_250) / 16);

        // The third segment is lost: the RTO (the 1 s floor) resends it, and its ACK, which also covers the
        // original fourth segment, is ambiguous (Karn): no sample, and the backed-off RTO stays (RFC 6298 (5.5)).
        t.at(1002 * MS + 500 * US, () -> t.ack(1 + 6 * smss, 64000));
        t.runUntil(1002 * MS + 500 * US);
        TcpSegment resent = t.nextAt(1002 * MS + 200 * US);
        assertThat(t.rel(resent.seq)).isEqualTo(1 + 4 * smss);
        t.expectNothing();
        assertThat(t.connection.info().srttNs()).isEqualTo(252_735);
        assertThat(t.connection.info().rttvarNs()).isEqualTo(100_000);
        assertThat(t.connection.info().rtoNs()).isEqualTo(2 * S);

        // New data gives a clean sample again: 250 µs, and the RTO is computed afresh (floored at 1 s).
        t.at(1003 * MS, () -> t.connection.send(Message.zeros(smss)));
        t.at(1003 * MS + 250 * US, () -> t.ack(1 + 7 * smss, 64000));
        t.runUntil(1003 * MS + 250 * US);
        t.nextAt(1003 * MS);
        assertThat(t.connection.info().rttvarNs()).isEqualTo(100_000 + (2_735 - 100_000) / 4);
        assertThat(t.connection.info().srttNs()).isEqualTo(252_735 + (250_000 - 252_735) / 8);
        assertThat(t.connection.info().rtoNs()).isEqualTo(S);
    }
}

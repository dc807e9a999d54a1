package elvis.protocol.tcp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 6298's computations on their own, with the RFC's constants (α = 1/8, β = 1/4, K = 4). */
class RttEstimatorTest {
    static final long MS = 1_000_000, S = 1_000_000_000;
    static final int SMSS = 1000;
    /** The (2.4) floor lowered to 1 ms, so the computed RTO shows. */
    static final TcpConfig LOW_FLOOR = TcpConfig.DEFAULT.withMinRto(MS);

    @Test
    void beforeAnySampleTheRtoIsTheInitialOne() {
        RttEstimator r = new RttEstimator(TcpConfig.DEFAULT);
        assertThat(r.srtt()).isEqualTo(-1);
        assertThat(r.rto()).isEqualTo(S);                                   // (2.1)
    }

    @Test
    void theFirstSampleSetsSrttAndHalfOfItAsRttvar() {
        RttEstimator r = new RttEstimator(LOW_FLOOR);
        r.sample(100 * MS, SMSS, SMSS);
        assertThat(r.srtt()).isEqualTo(100 * MS);                           // (2.2): SRTT = R
        assertThat(r.rttvar()).isEqualTo(50 * MS);                          //        RTTVAR = R/2
        assertThat(r.rto()).isEqualTo(300 * MS);                            //        RTO = SRTT + max(G, 4·RTTVAR)
    }

    @Test
    void laterSamplesMoveByAnEighthAndAQuarterWithOneSampleExpectedPerWindow() {
        RttEstimator r = new RttEstimator(LOW_FLOOR);
        r.sample(100 * MS, SMSS, SMSS);
        r.sample(200 * MS, 2 * SMSS, SMSS);                                 // two segments in flight: one ACK per window
        // (2.3): RTTVAR = 3/4 · 50 + 1/4 · |100 − 200| = 62.5 ms, then SRTT = 7/8 · 100 + 1/8 · 200 = 112.5 ms.
        assertThat(r.rttvar()).isEqualTo(62_500_000);
        assertThat(r.srtt()).isEqualTo(112_500_000);
        assertThat(r.rto()).isEqualTo(112_500_000 + 4 * 62_500_000);
    }

    @Test
    void withSeveralAcksPerWindowTheGainsAreDividedByTheirNumber() {
        RttEstimator r = new RttEstimator(LOW_FLOOR);
        r.sample(100 * MS, SMSS, SMSS);
        r.sample(260 * MS, 8 * SMSS, SMSS);          // 8 segments, an ACK every second: 4 samples per window (RFC 7323 App. G)
        assertThat(r.rttvar()).isEqualTo(50 * MS + (160 * MS - 50 * MS) / 16);
        assertThat(r.srtt()).isEqualTo(100 * MS + 160 * MS / 32);
    }

    @Test
    void theRtoStaysWithinItsBoundsAndTheClockGranularity() {
        RttEstimator floor = new RttEstimator(TcpConfig.DEFAULT);
        floor.sample(10 * MS, SMSS, SMSS);
        assertThat(floor.rto()).isEqualTo(S);                               // (2.4): at least 1 s
        RttEstimator granular = new RttEstimator(LOW_FLOOR.withMinRto(1));
        granular.sample(0, SMSS, SMSS);
        assertThat(granular.rto()).isEqualTo(TcpConfig.DEFAULT.clockGranularityNs());   // (2.2): max(G, 4·0)
        RttEstimator ceiling = new RttEstimator(TcpConfig.DEFAULT);
        ceiling.sample(100 * S, SMSS, SMSS);
        assertThat(ceiling.rto()).isEqualTo(TcpConfig.DEFAULT.maxRtoNs());  // (2.5)
    }

    @Test
    void aTimeoutDoublesTheRtoUpToItsMaximum() {
        RttEstimator r = new RttEstimator(TcpConfig.DEFAULT);
        r.backOff();
        assertThat(r.rto()).isEqualTo(2 * S);                               // (5.5)
        for (int i = 0; i < 10; i++) r.backOff();
        assertThat(r.rto()).isEqualTo(60 * S);
    }

    @Test
    void afterAHandshakeTimeoutDataStartsWithAtLeastThreeSeconds() {
        RttEstimator plain = new RttEstimator(LOW_FLOOR);
        plain.sample(100 * MS, SMSS, SMSS);
        plain.established();
        assertThat(plain.rto()).isEqualTo(300 * MS);
        RttEstimator timedOut = new RttEstimator(LOW_FLOOR);
        timedOut.backOff();
        timedOut.handshakeTimedOut();
        timedOut.sample(100 * MS, SMSS, SMSS);
        timedOut.established();
        assertThat(timedOut.rto()).isEqualTo(3 * S);                        // (5.7)
    }

    @Test
    void karnsRuleTimesNoAckThatCoversARetransmission() {
        RttEstimator r = new RttEstimator(TcpConfig.DEFAULT);
        r.sent(1001, 10 * MS);
        r.sent(2001, 11 * MS);
        r.sent(3001, 12 * MS);
        assertThat(r.ackedTo(2001)).isEqualTo(11 * MS);                     // timed from the newest it completes
        assertThat(r.lastAckedEnd()).isEqualTo(2001);
        r.resent(2001, 3001);
        assertThat(r.ackedTo(3001)).isEqualTo(-1);
    }
}

package elvis.protocol.tcp;

/**
 * A snapshot of a connection's state for tests, statistics and packet-pair estimates.
 * Sequence numbers are unsigned 32-bit values in a long; times are virtual ns (-1 = none yet).
 */
public record TcpInfo(TcpState state, long cwnd, long ssthresh, long srttNs, long rttvarNs, long rtoNs, long sndUna,
                      long sndNxt, long unsentBytes, long unackedBytes, long sndWnd, long rcvWnd, long retransmissions,
                      long segmentsSent, long segmentsReceived, long bytesAcked, long bytesReceived,
                      long lastAckNs, long lastAckBytes, long previousAckNs, long previousAckBytes) {
}

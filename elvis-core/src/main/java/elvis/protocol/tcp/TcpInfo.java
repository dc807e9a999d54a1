package elvis.protocol.tcp;

/**
 * A snapshot of a connection's state for tests, statistics and packet-pair estimates.
 * Sequence numbers are unsigned 32-bit values in a long; times are virtual ns (-1 = none yet).
 * {@code pipe} is RFC 6675's estimate of the bytes in the network (without SACK information, all
 * unacknowledged bytes); {@code inRecovery} says whether fast recovery is under way.
 */
public record TcpInfo(TcpState state, long cwnd, long ssthresh, long pipe, boolean inRecovery, long srttNs, long rttvarNs, long rtoNs, long sndUna,
                      long sndNxt, long unsentBytes, long unackedBytes, long sndWnd, long rcvWnd, long retransmissions,
                      long segmentsSent, long segmentsReceived, long bytesAcked, long bytesReceived,
                      long lastAckNs, long lastAckBytes, long previousAckNs, long previousAckBytes) {
}

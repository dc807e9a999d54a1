package elvis.protocol.tcp;

/**
 * A live, read-only view of one connection's state, read field by field when asked (ModNet's
 * memory-mapped socket state, cheaper than a {@link TcpInfo} snapshot per poll). Sequence numbers are
 * unsigned 32-bit values in a long; times are virtual ns, -1 while there is none yet.
 */
public interface TcpView {
    TcpState state();
    long cwnd();
    long ssthresh();
    long srttNs();
    long rttvarNs();
    long sndUna();
    long sndNxt();
    /** The highest sequence number sent plus one: bytes below it were transmitted at least once. */
    long sndMax();
    /** Bytes queued and never transmitted (from SND.MAX to the end of the send queue). */
    long unsentBytes();
    /** Bytes transmitted and not yet acknowledged. */
    long unackedBytes();
    long sndWnd();
    int smss();

    /** The most recently received segment (which = 0) or the one before it (which = 1). */
    long receivedNs(int which);
    long receivedSeq(int which);
    long receivedAck(int which);
    /** Its timestamp option's TSval and TSecr, -1 without the option. */
    long receivedTsVal(int which);
    long receivedTsEcr(int which);
    int receivedLength(int which);

    /** The most recent ACK that advanced SND.UNA (which = 0) or the one before it (which = 1): when it arrived. */
    long ackNs(int which);
    /** How many bytes it acknowledged. */
    long ackBytes(int which);
    /** When the newest segment it acknowledged was first sent, -1 if unknown (a retransmission). */
    long ackedSentNs(int which);
    /** That segment's payload length. */
    int ackedLength(int which);

    /** Calls {@code listener} after every ACK that advances SND.UNA, until removed. */
    void addAckListener(AckListener listener);
    void removeAckListener(AckListener listener);

    /** Told of each ACK that advances SND.UNA, after TCP processed it; must not call back into TCP. */
    @FunctionalInterface
    interface AckListener {
        void acked(TcpView view);

        /**
         * Told once when the connection is gone (its close completed, a reset, a timeout, an abort):
         * no ACK follows and the listener is dropped. A holder of per-connection state frees it here.
         */
        default void closed(TcpView view) { }
    }
}

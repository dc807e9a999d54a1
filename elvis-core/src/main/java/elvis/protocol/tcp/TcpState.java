package elvis.protocol.tcp;

/** The connection states of RFC 9293 §3.3.2. */
public enum TcpState {
    CLOSED, LISTEN, SYN_SENT, SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT;

    /** States after the handshake, where RFC 5961's checks apply. */
    boolean synchronized_() { return ordinal() >= ESTABLISHED.ordinal(); }

    /** Synchronized states in which the peer has not sent its FIN: its data may still come, and a window update matters. */
    boolean peerMaySend() { return this == ESTABLISHED || this == FIN_WAIT_1 || this == FIN_WAIT_2; }
}

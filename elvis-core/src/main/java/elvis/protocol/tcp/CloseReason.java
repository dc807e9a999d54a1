package elvis.protocol.tcp;

/** Why a connection ended, as reported to its application. */
public enum CloseReason {
    /** Both directions closed by FIN exchange (or our abort). */
    NORMAL,
    /** The peer reset the connection. */
    RESET,
    /**
     * Retransmissions exhausted (RFC 9293 §3.8.3, R2), or, after the application closed, the peer's
     * FIN did not come within {@code fin_wait_2_timeout} of our FIN's acknowledgement.
     */
    TIMEOUT,
    /** The application aborted it (a RST was sent). */
    ABORTED,
    /** The peer answered our SYN with a RST: nothing listens there. */
    REFUSED
}

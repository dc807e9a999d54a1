package elvis.routing.bgp;

import java.util.Arrays;

/**
 * A BGP error (RFC 4271 §6) found in a received message or by the FSM: its NOTIFICATION's error
 * code, subcode and data. Thrown only inside the BGP package, where every one is caught and either
 * sent as a NOTIFICATION or counted; it carries no stack trace, since it is an expected outcome of
 * hostile input.
 */
public final class BgpError extends Exception {
    // Error codes (§4.5).
    public static final int HEADER = 1, OPEN = 2, UPDATE = 3, HOLD_TIMER_EXPIRED = 4, FSM = 5, CEASE = 6;
    // Message Header Error subcodes (§6.1).
    public static final int CONNECTION_NOT_SYNCHRONIZED = 1, BAD_MESSAGE_LENGTH = 2, BAD_MESSAGE_TYPE = 3;
    // OPEN Message Error subcodes (§6.2; 7 from RFC 5492).
    public static final int UNSUPPORTED_VERSION = 1, BAD_PEER_AS = 2, BAD_BGP_IDENTIFIER = 3,
            UNSUPPORTED_OPTIONAL_PARAMETER = 4, UNACCEPTABLE_HOLD_TIME = 6, UNSUPPORTED_CAPABILITY = 7;
    // UPDATE Message Error subcodes (§6.3).
    public static final int MALFORMED_ATTRIBUTE_LIST = 1, UNRECOGNIZED_WELL_KNOWN = 2, MISSING_WELL_KNOWN = 3,
            ATTRIBUTE_FLAGS = 4, ATTRIBUTE_LENGTH = 5, INVALID_ORIGIN = 6, INVALID_NEXT_HOP = 8,
            OPTIONAL_ATTRIBUTE = 9, INVALID_NETWORK_FIELD = 10, MALFORMED_AS_PATH = 11;
    // Cease subcodes (RFC 4486).
    public static final int ADMINISTRATIVE_SHUTDOWN = 2, PEER_DECONFIGURED = 3, ADMINISTRATIVE_RESET = 4,
            CONNECTION_REJECTED = 5, COLLISION_RESOLUTION = 7;

    private final int code, subcode;
    private final byte[] data;

    public BgpError(int code, int subcode, byte[] data) {
        super(name(code) + " / " + subcode, null, false, false);
        this.code = code;
        this.subcode = subcode;
        this.data = data;
    }

    public int code() { return code; }
    public int subcode() { return subcode; }
    public byte[] data() { return data.clone(); }

    /** The NOTIFICATION that reports this error to the peer. */
    public BgpMessage.Notification toNotification() { return new BgpMessage.Notification(code, subcode, data); }

    public static String name(int code) {
        return switch (code) {
            case HEADER -> "Message Header Error";
            case OPEN -> "OPEN Message Error";
            case UPDATE -> "UPDATE Message Error";
            case HOLD_TIMER_EXPIRED -> "Hold Timer Expired";
            case FSM -> "Finite State Machine Error";
            case CEASE -> "Cease";
            default -> "error code " + code;
        };
    }

    @Override
    public String toString() { return "BgpError[" + getMessage() + " data=" + Arrays.toString(data) + "]"; }
}

package elvis.protocol.dns;

/**
 * A DNS message (or a name in one) that breaks RFC 1035's layout: a length past the end, a
 * compression loop, a label over 63 bytes. Checked, so every caller decides between answering
 * FORMERR and counting a drop. Carries no stack trace: it is an expected outcome of bad input
 * and fuzzing throws millions of them.
 */
public final class DnsFormatException extends Exception {
    public DnsFormatException(String reason) { super(reason, null, false, false); }

    /** Why the input was rejected, e.g. "compression pointer does not point backwards at 12". */
    public String reason() { return getMessage(); }
}

package elvis.protocol.dns;

import java.util.ArrayList;
import java.util.List;

/**
 * A DNS message (RFC 1035 §4.1): the header's id and flags, the four sections, and the EDNS0
 * UDP payload size from an OPT record (RFC 6891), or {@link #NO_EDNS}. The OPT record is not in
 * {@link #additional()}: the codec writes it from {@link #ednsPayloadSize()} and reads it into it.
 * Immutable; build one with {@link #builder()} or derive one with {@link #toBuilder()}.
 */
public final class DnsMessage {
    public static final int NO_EDNS = -1;

    public static final int OPCODE_QUERY = 0, OPCODE_IQUERY = 1, OPCODE_STATUS = 2, OPCODE_NOTIFY = 4, OPCODE_UPDATE = 5;
    public static final int NOERROR = 0, FORMERR = 1, SERVFAIL = 2, NXDOMAIN = 3, NOTIMP = 4, REFUSED = 5;

    static final int QR = 0x8000, AA = 0x0400, TC = 0x0200, RD = 0x0100, RA = 0x0080;

    private final int id;
    private final int flags;              // the header's second 16-bit word
    private final List<DnsQuestion> questions;
    private final List<DnsRecord> answers, authority, additional;
    private final int ednsPayloadSize;

    private DnsMessage(Builder b) {
        this.id = b.id;
        this.flags = b.flags;
        this.questions = List.copyOf(b.questions);
        this.answers = List.copyOf(b.answers);
        this.authority = List.copyOf(b.authority);
        this.additional = List.copyOf(b.additional);
        this.ednsPayloadSize = b.ednsPayloadSize;
    }

    public static Builder builder() { return new Builder(); }

    /** A standard query with RD set, as a stub resolver sends it. */
    public static DnsMessage query(int id, DnsName name, int type) {
        return builder().id(id).rd(true).question(new DnsQuestion(name, type)).build();
    }

    /** The header of a response to {@code query}: same id, opcode, RD and question, QR set. */
    public static Builder responseTo(DnsMessage query) {
        Builder b = builder().id(query.id).qr(true).opcode(query.opcode()).rd(query.rd());
        b.questions.addAll(query.questions);
        return b;
    }

    public Builder toBuilder() {
        Builder b = builder().id(id).flags(flags).ednsPayloadSize(ednsPayloadSize);
        b.questions.addAll(questions);
        b.answers.addAll(answers);
        b.authority.addAll(authority);
        b.additional.addAll(additional);
        return b;
    }

    public int id() { return id; }
    /** The whole second header word: QR, OPCODE, AA, TC, RD, RA, Z, RCODE. */
    public int flags() { return flags; }
    public boolean qr() { return (flags & QR) != 0; }
    public int opcode() { return (flags >>> 11) & 0xf; }
    public boolean aa() { return (flags & AA) != 0; }
    public boolean tc() { return (flags & TC) != 0; }
    public boolean rd() { return (flags & RD) != 0; }
    public boolean ra() { return (flags & RA) != 0; }
    /** The three Z bits (RFC 1035 reserves them; RFC 4035 later named two AD and CD). */
    public int z() { return (flags >>> 4) & 0x7; }
    public int rcode() { return flags & 0xf; }
    public List<DnsQuestion> questions() { return questions; }
    public List<DnsRecord> answers() { return answers; }
    public List<DnsRecord> authority() { return authority; }
    public List<DnsRecord> additional() { return additional; }
    /** The EDNS0 UDP payload size the sender advertises, or {@link #NO_EDNS}. */
    public int ednsPayloadSize() { return ednsPayloadSize; }
    public boolean hasEdns() { return ednsPayloadSize != NO_EDNS; }

    /** The first question, or null for a message without one. */
    public DnsQuestion question() { return questions.isEmpty() ? null : questions.get(0); }

    public static String rcodeName(int rcode) {
        return switch (rcode) {
            case NOERROR -> "NOERROR"; case FORMERR -> "FORMERR"; case SERVFAIL -> "SERVFAIL";
            case NXDOMAIN -> "NXDOMAIN"; case NOTIMP -> "NOTIMP"; case REFUSED -> "REFUSED";
            case 6 -> "YXDOMAIN"; case 7 -> "YXRRSET"; case 8 -> "NXRRSET"; case 9 -> "NOTAUTH"; case 10 -> "NOTZONE";
            default -> "RESERVED" + rcode;
        };
    }

    public static String opcodeName(int opcode) {
        return switch (opcode) {
            case OPCODE_QUERY -> "QUERY"; case OPCODE_IQUERY -> "IQUERY"; case OPCODE_STATUS -> "STATUS";
            case OPCODE_NOTIFY -> "NOTIFY"; case OPCODE_UPDATE -> "UPDATE";
            default -> "RESERVED" + opcode;
        };
    }

    @Override public boolean equals(Object o) {
        return o instanceof DnsMessage m && m.id == id && m.flags == flags && m.ednsPayloadSize == ednsPayloadSize
                && m.questions.equals(questions) && m.answers.equals(answers)
                && m.authority.equals(authority) && m.additional.equals(additional);
    }

    @Override public int hashCode() {
        return ((id * 31 + flags) * 31 + questions.hashCode()) * 31 + answers.hashCode();
    }

    /** dig's text: header, flags, sections. See {@link DigFormat} for the full output. */
    @Override public String toString() { return DigFormat.message(this); }

    /** Mutable recipe for a message. */
    public static final class Builder {
        private int id;
        private int flags;
        private int ednsPayloadSize = NO_EDNS;
        private final List<DnsQuestion> questions = new ArrayList<>(1);
        private final List<DnsRecord> answers = new ArrayList<>();
        private final List<DnsRecord> authority = new ArrayList<>();
        private final List<DnsRecord> additional = new ArrayList<>();

        private Builder() { }

        public Builder id(int id) {
            if (id < 0 || id > 0xffff) throw new IllegalArgumentException("id " + id + " is not 0-65535");
            this.id = id;
            return this;
        }
        public Builder flags(int flags) {
            if (flags < 0 || flags > 0xffff) throw new IllegalArgumentException("flags are 16-bit");
            this.flags = flags;
            return this;
        }
        public Builder qr(boolean on) { return bit(QR, on); }
        public Builder aa(boolean on) { return bit(AA, on); }
        public Builder tc(boolean on) { return bit(TC, on); }
        public Builder rd(boolean on) { return bit(RD, on); }
        public Builder ra(boolean on) { return bit(RA, on); }
        public Builder opcode(int opcode) {
            if (opcode < 0 || opcode > 15) throw new IllegalArgumentException("opcode " + opcode + " is not 0-15");
            flags = (flags & ~0x7800) | opcode << 11;
            return this;
        }
        public Builder z(int z) {
            if (z < 0 || z > 7) throw new IllegalArgumentException("Z " + z + " is not 0-7");
            flags = (flags & ~0x70) | z << 4;
            return this;
        }
        public Builder rcode(int rcode) {
            if (rcode < 0 || rcode > 15) throw new IllegalArgumentException("rcode " + rcode + " is not 0-15 (extended rcodes are not supported)");
            flags = (flags & ~0xf) | rcode;
            return this;
        }
        /** The EDNS0 UDP payload size to advertise (RFC 6891: values below 512 mean 512), or {@link #NO_EDNS}. */
        public Builder ednsPayloadSize(int size) {
            if (size != NO_EDNS && (size < 0 || size > 0xffff)) throw new IllegalArgumentException("EDNS payload size " + size + " is not 0-65535");
            this.ednsPayloadSize = size;
            return this;
        }
        public Builder question(DnsQuestion q) { questions.add(q); return this; }
        public Builder answer(DnsRecord r) { answers.add(r); return this; }
        public Builder authority(DnsRecord r) { authority.add(r); return this; }
        public Builder additional(DnsRecord r) { additional.add(r); return this; }
        public Builder answers(List<DnsRecord> rs) { answers.addAll(rs); return this; }
        public Builder authority(List<DnsRecord> rs) { authority.addAll(rs); return this; }
        public Builder additional(List<DnsRecord> rs) { additional.addAll(rs); return this; }
        public Builder clearSections() { answers.clear(); authority.clear(); additional.clear(); return this; }
        public Builder clearAdditional() { additional.clear(); return this; }

        private Builder bit(int mask, boolean on) {
            flags = on ? flags | mask : flags & ~mask;
            return this;
        }

        public DnsMessage build() {
            if (questions.size() > 0xffff || answers.size() > 0xffff || authority.size() > 0xffff || additional.size() >= 0xffff)
                throw new IllegalArgumentException("a section holds at most 65535 entries");
            return new DnsMessage(this);
        }
    }
}

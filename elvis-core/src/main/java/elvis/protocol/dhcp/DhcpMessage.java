package elvis.protocol.dhcp;

import elvis.message.Message;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A DHCP message (RFC 2131 §2, options RFC 2132), decoded from and encoded to the real bytes: the
 * BOOTP fixed part (op, htype, hlen, hops, xid, secs, flags, ciaddr, yiaddr, siaddr, giaddr,
 * chaddr[16], sname[64], file[128]), the magic cookie 99.130.83.99 and the options as TLVs with
 * pad (0) and end (255). Encoded messages are padded to the BOOTP minimum of 300 bytes, as common
 * clients do. {@link #parse} answers null for anything malformed (the caller counts a
 * {@link DhcpDrop#DHCP_MALFORMED}); it never throws.
 *
 * <p>Fields are public and mutable: a message is built, sent and forgotten within one event.
 * Absent options are 0 (addresses, type), -1 (times), null (lists, strings).
 */
public final class DhcpMessage {
    public static final int SERVER_PORT = 67, CLIENT_PORT = 68;
    public static final int BOOTREQUEST = 1, BOOTREPLY = 2;
    public static final int DISCOVER = 1, OFFER = 2, REQUEST = 3, DECLINE = 4, ACK = 5, NAK = 6, RELEASE = 7, INFORM = 8;
    public static final int BROADCAST_FLAG = 0x8000;
    public static final int MAGIC_COOKIE = 0x63825363;
    /** The fixed part up to and including the magic cookie. */
    public static final int OPTIONS_OFFSET = 240;
    /** The BOOTP minimum (RFC 951, RFC 1542 §2.1): shorter messages are padded. */
    public static final int MIN_LENGTH = 300;
    /** An infinite lease (RFC 2131 §3.3). */
    public static final long INFINITE = 0xFFFF_FFFFL;

    // Option codes (RFC 2132).
    public static final int PAD = 0, SUBNET_MASK = 1, ROUTER = 3, DNS = 6, HOST_NAME = 12, DOMAIN_NAME = 15,
            REQUESTED_IP = 50, LEASE_TIME = 51, OVERLOAD = 52, MESSAGE_TYPE = 53, SERVER_ID = 54, PARAMETER_LIST = 55,
            MESSAGE = 56, MAX_SIZE = 57, RENEWAL_TIME = 58, REBINDING_TIME = 59, CLIENT_ID = 61, END = 255;

    public int op = BOOTREQUEST, htype = 1, hlen = 6, hops, xid, secs, flags, ciaddr, yiaddr, siaddr, giaddr;
    /** The client's hardware address (the first 6 bytes of chaddr for Ethernet). */
    public long chaddr;
    public String sname = "", file = "";

    public int type;                       // option 53; 0 when absent (plain BOOTP)
    public int serverId, requestedIp, subnetMask;
    public boolean hasSubnetMask;
    public long leaseTime = -1, renewalTime = -1, rebindingTime = -1;   // seconds, unsigned 32-bit
    public int[] routers, dnsServers;
    public String domainName, hostName, message;
    public byte[] clientId, parameterList;
    public int maxSize;

    public DhcpMessage() { }

    /** A message of {@code type} with the fields a reply or request starts from. */
    public static DhcpMessage of(int op, int type, int xid, long chaddr) {
        DhcpMessage m = new DhcpMessage();
        m.op = op;
        m.type = type;
        m.xid = xid;
        m.chaddr = chaddr;
        return m;
    }

    public boolean broadcast() { return (flags & BROADCAST_FLAG) != 0; }

    /** The message's bytes, padded to {@link #MIN_LENGTH}. */
    public byte[] encode() {
        byte[] b = new byte[Math.max(MIN_LENGTH, OPTIONS_OFFSET + optionsLength() + 1)];
        b[0] = (byte) op;
        b[1] = (byte) htype;
        b[2] = (byte) hlen;
        b[3] = (byte) hops;
        putInt(b, 4, xid);
        b[8] = (byte) (secs >>> 8);
        b[9] = (byte) secs;
        b[10] = (byte) (flags >>> 8);
        b[11] = (byte) flags;
        putInt(b, 12, ciaddr);
        putInt(b, 16, yiaddr);
        putInt(b, 20, siaddr);
        putInt(b, 24, giaddr);
        for (int i = 0; i < 6; i++) b[28 + i] = (byte) (chaddr >>> (40 - 8 * i));
        putString(b, 44, 64, sname);
        putString(b, 108, 128, file);
        putInt(b, 236, MAGIC_COOKIE);
        int at = OPTIONS_OFFSET;
        if (type != 0) at = option(b, at, MESSAGE_TYPE, new byte[] {(byte) type});
        if (serverId != 0) at = intOption(b, at, SERVER_ID, serverId);
        if (requestedIp != 0) at = intOption(b, at, REQUESTED_IP, requestedIp);
        if (leaseTime >= 0) at = intOption(b, at, LEASE_TIME, (int) leaseTime);
        if (renewalTime >= 0) at = intOption(b, at, RENEWAL_TIME, (int) renewalTime);
        if (rebindingTime >= 0) at = intOption(b, at, REBINDING_TIME, (int) rebindingTime);
        if (hasSubnetMask) at = intOption(b, at, SUBNET_MASK, subnetMask);
        if (routers != null) at = option(b, at, ROUTER, ints(routers));
        if (dnsServers != null) at = option(b, at, DNS, ints(dnsServers));
        if (domainName != null) at = option(b, at, DOMAIN_NAME, ascii(domainName));
        if (hostName != null) at = option(b, at, HOST_NAME, ascii(hostName));
        if (clientId != null) at = option(b, at, CLIENT_ID, clientId);
        if (parameterList != null) at = option(b, at, PARAMETER_LIST, parameterList);
        if (maxSize != 0) at = option(b, at, MAX_SIZE, new byte[] {(byte) (maxSize >>> 8), (byte) maxSize});
        if (message != null) at = option(b, at, MESSAGE, ascii(message));
        b[at] = (byte) END;
        return b;
    }

    public Message toMessage() { return Message.wrap(encode()); }

    private int optionsLength() {
        int n = 0;
        if (type != 0) n += 3;
        if (serverId != 0) n += 6;
        if (requestedIp != 0) n += 6;
        if (leaseTime >= 0) n += 6;
        if (renewalTime >= 0) n += 6;
        if (rebindingTime >= 0) n += 6;
        if (hasSubnetMask) n += 6;
        if (routers != null) n += 2 + 4 * routers.length;
        if (dnsServers != null) n += 2 + 4 * dnsServers.length;
        if (domainName != null) n += 2 + ascii(domainName).length;
        if (hostName != null) n += 2 + ascii(hostName).length;
        if (clientId != null) n += 2 + clientId.length;
        if (parameterList != null) n += 2 + parameterList.length;
        if (maxSize != 0) n += 4;
        if (message != null) n += 2 + ascii(message).length;
        return n;
    }

    private static int option(byte[] b, int at, int code, byte[] value) {
        if (value.length > 255) throw new IllegalArgumentException("DHCP option " + code + " longer than 255 bytes");
        b[at] = (byte) code;
        b[at + 1] = (byte) value.length;
        System.arraycopy(value, 0, b, at + 2, value.length);
        return at + 2 + value.length;
    }

    private static int intOption(byte[] b, int at, int code, int v) {
        b[at] = (byte) code;
        b[at + 1] = 4;
        putInt(b, at + 2, v);
        return at + 6;
    }

    private static byte[] ints(int[] vs) {
        byte[] b = new byte[4 * vs.length];
        for (int i = 0; i < vs.length; i++) putInt(b, 4 * i, vs[i]);
        return b;
    }

    private static byte[] ascii(String s) { return s.getBytes(StandardCharsets.US_ASCII); }

    private static void putString(byte[] b, int at, int size, String s) {
        byte[] v = ascii(s);
        System.arraycopy(v, 0, b, at, Math.min(v.length, size - 1));    // NUL-terminated within its field
    }

    static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private static int getInt(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }

    /**
     * Decodes {@code m}; null when it is not a well-formed DHCP message: shorter than the fixed part
     * and cookie, an op other than 1 or 2, a hardware address longer than chaddr, no magic cookie,
     * an option running past the end, an option of the wrong length, or no message type (BOOTP).
     */
    public static DhcpMessage parse(Message m) {
        int len = m.length();
        if (len < OPTIONS_OFFSET || len > 65_535) return null;
        byte[] b = m.toByteArray();
        DhcpMessage d = new DhcpMessage();
        d.op = b[0] & 0xFF;
        d.htype = b[1] & 0xFF;
        d.hlen = b[2] & 0xFF;
        if ((d.op != BOOTREQUEST && d.op != BOOTREPLY) || d.hlen > 16 || getInt(b, 236) != MAGIC_COOKIE) return null;
        d.hops = b[3] & 0xFF;
        d.xid = getInt(b, 4);
        d.secs = (b[8] & 0xFF) << 8 | (b[9] & 0xFF);
        d.flags = (b[10] & 0xFF) << 8 | (b[11] & 0xFF);
        d.ciaddr = getInt(b, 12);
        d.yiaddr = getInt(b, 16);
        d.siaddr = getInt(b, 20);
        d.giaddr = getInt(b, 24);
        long mac = 0;
        for (int i = 0; i < 6; i++) mac = mac << 8 | (b[28 + i] & 0xFF);
        d.chaddr = mac;
        d.sname = cString(b, 44, 64);
        d.file = cString(b, 108, 128);
        for (int i = OPTIONS_OFFSET; i < len; ) {
            int code = b[i] & 0xFF;
            if (code == PAD) { i++; continue; }
            if (code == END) break;
            if (i + 1 >= len) return null;
            int n = b[i + 1] & 0xFF, v = i + 2;
            if (v + n > len) return null;
            if (!d.option(code, b, v, n)) return null;
            i = v + n;
        }
        return d.type >= DISCOVER && d.type <= INFORM ? d : null;
    }

    /** Takes option {@code code} of {@code n} bytes at {@code v}; false when its length is wrong. */
    private boolean option(int code, byte[] b, int v, int n) {
        switch (code) {
            case MESSAGE_TYPE -> { if (n != 1) return false; type = b[v] & 0xFF; }
            case SERVER_ID -> { if (n != 4) return false; serverId = getInt(b, v); }
            case REQUESTED_IP -> { if (n != 4) return false; requestedIp = getInt(b, v); }
            case SUBNET_MASK -> { if (n != 4) return false; subnetMask = getInt(b, v); hasSubnetMask = true; }
            case LEASE_TIME -> { if (n != 4) return false; leaseTime = getInt(b, v) & 0xFFFF_FFFFL; }
            case RENEWAL_TIME -> { if (n != 4) return false; renewalTime = getInt(b, v) & 0xFFFF_FFFFL; }
            case REBINDING_TIME -> { if (n != 4) return false; rebindingTime = getInt(b, v) & 0xFFFF_FFFFL; }
            case ROUTER, DNS -> {
                if (n == 0 || n % 4 != 0) return false;
                int[] a = new int[n / 4];
                for (int k = 0; k < a.length; k++) a[k] = getInt(b, v + 4 * k);
                if (code == ROUTER) routers = a; else dnsServers = a;
            }
            case DOMAIN_NAME, HOST_NAME, MESSAGE -> {
                if (n == 0) return false;
                String s = new String(b, v, n, StandardCharsets.US_ASCII);
                if (code == DOMAIN_NAME) domainName = s; else if (code == HOST_NAME) hostName = s; else message = s;
            }
            case CLIENT_ID -> { if (n < 2) return false; clientId = Arrays.copyOfRange(b, v, v + n); }
            case PARAMETER_LIST -> { if (n == 0) return false; parameterList = Arrays.copyOfRange(b, v, v + n); }
            case MAX_SIZE -> { if (n != 2) return false; maxSize = (b[v] & 0xFF) << 8 | (b[v + 1] & 0xFF); if (maxSize < 576) return false; }
            default -> { }                  // options we do not use (overload 52 included) are skipped
        }
        return true;
    }

    private static String cString(byte[] b, int at, int size) {
        int end = at;
        while (end < at + size && b[end] != 0) end++;
        return new String(b, at, end - at, StandardCharsets.US_ASCII);
    }

    /** The client's identity for the server: option 61 when present (a type-1 one is its MAC), else chaddr. */
    public long clientKey() {
        if (clientId == null) return chaddr;
        if (clientId.length == 7 && clientId[0] == 1) {
            long mac = 0;
            for (int i = 1; i < 7; i++) mac = mac << 8 | (clientId[i] & 0xFF);
            return mac;
        }
        long h = 0xcbf29ce484222325L;                  // FNV-1a, kept clear of the 48-bit MAC space
        for (byte x : clientId) h = (h ^ (x & 0xFF)) * 0x100000001b3L;
        return h | 1L << 63;
    }

    public static String typeName(int type) {
        return switch (type) {
            case DISCOVER -> "DHCPDISCOVER";
            case OFFER -> "DHCPOFFER";
            case REQUEST -> "DHCPREQUEST";
            case DECLINE -> "DHCPDECLINE";
            case ACK -> "DHCPACK";
            case NAK -> "DHCPNAK";
            case RELEASE -> "DHCPRELEASE";
            case INFORM -> "DHCPINFORM";
            default -> "type " + type;
        };
    }
}

package elvis.protocol.dns;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded random DNS names and messages for the round-trip and fuzz tests. */
final class RandomDns {
    private static final DnsName[] ZONES = {DnsName.ROOT, DnsName.of("com"), DnsName.of("example.com"), DnsName.of("Example.ORG"), DnsName.of("a.b.c.d.example.net")};
    private static final int[] UNKNOWN_TYPES = {13, 33, 99, 257, 65280};

    private RandomDns() { }

    static DnsName name(Random rnd) {
        DnsName n = ZONES[rnd.nextInt(ZONES.length)];
        int more = rnd.nextInt(4);
        for (int i = 0; i < more; i++) {
            int len = 1 + (rnd.nextInt(8) == 0 ? rnd.nextInt(63) : rnd.nextInt(8));
            if (n.wireLength() + len + 1 > DnsName.MAX_WIRE) break;
            StringBuilder label = new StringBuilder();
            for (int k = 0; k < len; k++) {
                int c = rnd.nextInt(10) == 0 ? rnd.nextInt(256) : "abcXYZ019-_".charAt(rnd.nextInt(11));
                if (c == '.' || c == '\\' || c < 0x21 || c > 0x7e) label.append(String.format("\\%03d", c));
                else label.append((char) c);
            }
            n = n.child(label.toString());
        }
        return n;
    }

    static Rdata rdata(Random rnd) {
        return switch (rnd.nextInt(10)) {
            case 0 -> new Rdata.A(rnd.nextInt());
            case 1 -> new Rdata.Ns(name(rnd));
            case 2 -> new Rdata.Cname(name(rnd));
            case 3 -> new Rdata.Soa(name(rnd), name(rnd), rnd.nextLong(1L << 32), rnd.nextInt(86400), rnd.nextInt(7200), rnd.nextLong(1L << 32), rnd.nextInt(3600));
            case 4 -> new Rdata.Ptr(name(rnd));
            case 5 -> new Rdata.Mx(rnd.nextInt(65536), name(rnd));
            case 6 -> {
                List<String> strings = new ArrayList<>();
                int n = 1 + rnd.nextInt(3);
                for (int i = 0; i < n; i++) {
                    char[] cs = new char[rnd.nextInt(rnd.nextInt(8) == 0 ? 256 : 20)];
                    for (int k = 0; k < cs.length; k++) cs[k] = (char) rnd.nextInt(256);
                    strings.add(new String(cs));
                }
                yield new Rdata.Txt(strings);
            }
            case 7 -> new Rdata.Aaaa(rnd.nextLong(), rnd.nextLong());
            default -> {
                byte[] data = new byte[rnd.nextInt(12)];
                rnd.nextBytes(data);
                yield new Rdata.Unknown(UNKNOWN_TYPES[rnd.nextInt(UNKNOWN_TYPES.length)], data);
            }
        };
    }

    static DnsRecord record(Random rnd) {
        int ttl = rnd.nextInt(4) == 0 ? DnsRecord.MAX_TTL - rnd.nextInt(3) : rnd.nextInt(100_000);
        return new DnsRecord(name(rnd), ttl, rdata(rnd));
    }

    static DnsMessage message(Random rnd) {
        DnsMessage.Builder b = DnsMessage.builder().id(rnd.nextInt(65536)).flags(rnd.nextInt(65536));
        int q = rnd.nextInt(8) == 0 ? rnd.nextInt(3) : 1;
        for (int i = 0; i < q; i++) b.question(new DnsQuestion(name(rnd), rnd.nextInt(4) == 0 ? rnd.nextInt(65536) : DnsType.A, rnd.nextInt(8) == 0 ? DnsType.CLASS_CH : DnsType.CLASS_IN));
        int an = rnd.nextInt(6), ns = rnd.nextInt(4), ar = rnd.nextInt(4);
        for (int i = 0; i < an; i++) b.answer(record(rnd));
        for (int i = 0; i < ns; i++) b.authority(record(rnd));
        for (int i = 0; i < ar; i++) b.additional(record(rnd));
        if (rnd.nextBoolean()) b.ednsPayloadSize(rnd.nextInt(4) == 0 ? rnd.nextInt(65536) : 1232);
        return b.build();
    }
}

package elvis.routing.bgp;

import elvis.protocol.ipv4.Ipv4Address;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyTest {
    /** A route as a policy sees it. */
    record S(int prefix, int length, int[] communities, int[] path, int localAs) implements Policy.Subject {
        static S of(String prefix, String... communities) {
            int slash = prefix.indexOf('/');
            int[] cs = new int[communities.length];
            for (int i = 0; i < cs.length; i++) cs[i] = Communities.parse(communities[i]);
            return new S(Ipv4Address.parse(prefix.substring(0, slash)), Integer.parseInt(prefix.substring(slash + 1)), cs, new int[] {65002, 65003}, 65001);
        }

        S path(int... p) { return new S(prefix, length, communities, p, localAs); }

        public boolean hasCommunity(int c) { return Communities.contains(communities, c); }

        public boolean asPathContains(long asn) { for (int a : path) if (Integer.toUnsignedLong(a) == asn) return true; return false; }

        public long originAs() { return Integer.toUnsignedLong(path.length == 0 ? localAs : path[path.length - 1]); }
    }

    static PrefixList.Entry entry(String text) {
        Policy p = Policy.parse("permit prefix " + text);
        return p.rules().get(0).prefixes().entries().get(0);
    }

    @Test
    void prefixListEntriesMatchLikeCiscoGeLe() {
        PrefixList.Entry exact = entry("10.1.0.0/16");
        assertThat(exact.matches(Ipv4Address.parse("10.1.0.0"), 16)).isTrue();
        assertThat(exact.matches(Ipv4Address.parse("10.1.0.0"), 24)).as("exact by default").isFalse();
        assertThat(exact.matches(Ipv4Address.parse("10.2.0.0"), 16)).isFalse();

        PrefixList.Entry le24 = entry("10.1.0.0/16 le 24");
        assertThat(le24.matches(Ipv4Address.parse("10.1.0.0"), 16)).isTrue();
        assertThat(le24.matches(Ipv4Address.parse("10.1.7.0"), 24)).isTrue();
        assertThat(le24.matches(Ipv4Address.parse("10.1.7.128"), 25)).isFalse();
        assertThat(le24.matches(Ipv4Address.parse("10.0.0.0"), 8)).as("shorter than the entry").isFalse();

        PrefixList.Entry ge24 = entry("10.1.0.0/16 ge 24");
        assertThat(ge24.le()).as("ge alone reaches /32").isEqualTo(32);
        assertThat(ge24.matches(Ipv4Address.parse("10.1.0.0"), 16)).isFalse();
        assertThat(ge24.matches(Ipv4Address.parse("10.1.255.255"), 32)).isTrue();
        assertThat(ge24.matches(Ipv4Address.parse("10.1.3.0"), 24)).isTrue();

        PrefixList.Entry band = entry("10.0.0.0/8 ge 16 le 24");
        assertThat(band.matches(Ipv4Address.parse("10.9.0.0"), 16)).isTrue();
        assertThat(band.matches(Ipv4Address.parse("10.9.9.0"), 24)).isTrue();
        assertThat(band.matches(Ipv4Address.parse("10.0.0.0"), 8)).isFalse();
        assertThat(band.matches(Ipv4Address.parse("10.9.9.9"), 32)).isFalse();
        assertThat(band.matches(Ipv4Address.parse("11.9.9.0"), 24)).isFalse();

        PrefixList.Entry any = entry("0.0.0.0/0 le 32");
        assertThat(any.matches(Ipv4Address.parse("192.0.2.1"), 32)).isTrue();
        assertThat(any.matches(0, 0)).isTrue();
    }

    @Test
    void firstMatchingRuleDecidesAndNoMatchIsDenied() {
        Policy p = Policy.parse("deny prefix 10.66.0.0/16 le 32; permit prefix 10.0.0.0/8 le 24 set local_pref 300; permit community 65001:7");
        assertThat(p.evaluate(S.of("10.66.1.0/24")).permit()).isFalse();
        Policy.Rule r = p.evaluate(S.of("10.1.0.0/16"));
        assertThat(r.permit()).isTrue();
        assertThat(r.localPref(100)).isEqualTo(300);
        assertThat(p.evaluate(S.of("192.168.0.0/16")).permit()).as("implicit deny").isFalse();
        assertThat(p.evaluate(S.of("192.168.0.0/16", "65001:7")).permit()).isTrue();
        assertThat(p.evaluate(S.of("192.168.0.0/16", "65001:7")).localPref(100)).as("untouched").isEqualTo(100);
        assertThat(Policy.PERMIT_ALL.evaluate(S.of("1.0.0.0/8")).permit()).isTrue();
        assertThat(Policy.parse("  ").rules()).isEmpty();
    }

    @Test
    void matchesCombineWithAndPrefixEntriesWithOr() {
        Policy p = Policy.parse("permit prefix 10.1.0.0/16, 10.2.0.0/16 community 1:1 community 1:2");
        assertThat(p.evaluate(S.of("10.2.0.0/16", "1:1", "1:2")).permit()).isTrue();
        assertThat(p.evaluate(S.of("10.2.0.0/16", "1:1")).permit()).as("both communities needed").isFalse();
        assertThat(p.evaluate(S.of("10.3.0.0/16", "1:1", "1:2")).permit()).isFalse();
    }

    @Test
    void asPathAndOriginAsMatches() {
        Policy p = Policy.parse("permit prefix 10.1.0.0/16 le 24 origin-as 65003; deny prefix 10.1.0.0/16 le 32; permit as 65002 as 65003");
        assertThat(p.evaluate(S.of("10.1.1.0/24")).permit()).as("the rightful origin").isTrue();
        assertThat(p.evaluate(S.of("10.1.1.0/24").path(65002, 666)).permit()).as("a hijacker's origin").isFalse();
        assertThat(p.evaluate(S.of("20.0.0.0/8").path(65003, 65002)).permit()).isTrue();
        assertThat(p.evaluate(S.of("20.0.0.0/8").path(65003)).permit()).isFalse();
        assertThat(Policy.parse("permit origin-as 4200000000").evaluate(S.of("1.0.0.0/8").path(1, (int) 4_200_000_000L)).permit())
                .as("4-octet ASNs (RFC 6793)").isTrue();
    }

    @Test
    void setsLocalPrefMedAndCommunities() {
        Policy p = Policy.parse("permit set local_pref 4294967295 med 7 community none community 65001:100 community no-export no-community 65001:5");
        Policy.Rule r = p.evaluate(S.of("1.0.0.0/8"));
        assertThat(r.localPref(100)).isEqualTo(0xFFFF_FFFFL);
        assertThat(r.med(-1)).isEqualTo(7);
        assertThat(r.communities(new int[] {Communities.parse("1:1")}))
                .containsExactly(Communities.parse("65001:100"), Communities.NO_EXPORT);
        Policy.Rule edit = Policy.parse("permit set community 2:2 no-community 1:1").evaluate(S.of("1.0.0.0/8"));
        assertThat(edit.communities(new int[] {Communities.parse("1:1"), Communities.parse("3:3")}))
                .containsExactly(Communities.parse("2:2"), Communities.parse("3:3"));
        int[] same = {Communities.parse("2:2")};
        assertThat(edit.communities(same)).as("no change, no copy").isSameAs(same);
        assertThat(edit.med(-1)).isEqualTo(-1);
    }

    @Test
    void communitiesParseAndFormat() {
        assertThat(Communities.parse("65535:65535")).isEqualTo(-1);
        assertThat(Communities.parse("no-export")).isEqualTo(0xFFFFFF01);
        assertThat(Communities.parse("no-advertise")).isEqualTo(0xFFFFFF02);
        assertThat(Communities.parse("no-export-subconfed")).isEqualTo(0xFFFFFF03);
        assertThat(Communities.format(Communities.parse("65001:100"))).isEqualTo("65001:100");
        assertThatThrownBy(() -> Communities.parse("65536:1")).hasMessageContaining("0..65535");
        assertThatThrownBy(() -> Communities.parse("12")).hasMessageContaining("AS:value");
    }

    @Test
    void textFormRoundTrips() {
        for (String s : List.of("permit", "deny prefix 10.0.0.0/8 ge 16 le 24, 10.1.0.0/16 le 32",
                "permit prefix 0.0.0.0/0 le 32 community 1:2 as 3 origin-as 4294967295 set local_pref 200 med 0 community none community no-export no-community 1:2",
                "permit prefix 10.0.0.0/8 ge 9; deny")) {
            assertThat(Policy.parse(s).toString()).isEqualTo(s);
        }
    }

    @Test
    void errorsSayWhereAndWhat() {
        record Case(String text, int column, String says) {}
        for (Case c : List.of(
                new Case("allow", 1, "permit or deny"),
                new Case("permit prefix 10.0.0.0", 15, "A.B.C.D/L"),
                new Case("permit prefix 10.0.0.0/33", 15, "0..32"),
                new Case("permit prefix 10.1.0.0/8", 15, "host bits"),
                new Case("permit prefix 10.0.0.0/16 ge 8", 15, "ge <= le"),
                new Case("permit prefix 10.0.0.0/16 le 99", 30, "at most 32"),
                new Case("permit prefix 300.0.0.0/8", 15, ""),
                new Case("deny set med 1", 6, "sets nothing"),
                new Case("permit set", 11, "after set"),
                new Case("permit set local_pref x", 23, "number"),
                new Case("permit set med 4294967296", 16, "at most"),
                new Case("permit as 0", 11, "RFC 7607"),
                new Case("permit origin-as 1 origin-as 2", 20, "twice"),
                new Case("permit community", 17, "community"),
                new Case("permit community 1:70000", 18, "0..65535"),
                new Case("permit med 5", 8, "';' or the end"),
                new Case("permit; deny $", 14, "unexpected character"))) {
            assertThatThrownBy(() -> Policy.parse(c.text())).as(c.text())
                    .isInstanceOf(Policy.SyntaxError.class)
                    .hasMessageStartingWith("column " + c.column() + ":")
                    .hasMessageContaining(c.says())
                    .satisfies(e -> assertThat(((Policy.SyntaxError) e).column()).isEqualTo(c.column()));
        }
    }
}

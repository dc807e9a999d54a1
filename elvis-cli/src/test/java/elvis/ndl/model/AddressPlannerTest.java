package elvis.ndl.model;

import elvis.ndl.Pos;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The planner on its own, without a file: what it decides and what it reports. */
class AddressPlannerTest {
    private static final Pos AT = new Pos("t.ndl", 1, 1);

    private static Ipv4 ip(String s) { return Ipv4.parse(s).orElseThrow(); }

    private static AddressPlanner.Network network(String id, String first, String last, Map<Long, AddressPlanner.Claim> claims) {
        PoolEntry e = new PoolEntry(ip(first), ip(last), Optional.empty(), AT);
        return new AddressPlanner.Network(id, AT, List.of(e), List.of(e), Subnet.covering(e.first(), e.last(), 24), false, false, claims, null);
    }

    private record Found(List<String> errors, List<String> notes) implements AddressPlanner.Findings {
        Found() { this(new ArrayList<>(), new ArrayList<>()); }
        @Override public void error(Pos pos, String message) { errors.add(message); }
        @Override public void note(Pos pos, String message) { notes.add(message); }
    }

    @Test
    void aSubnetWidensToFitButNotIntoAnotherNetwork() {
        var a = network("a", "10.0.0.1", "10.0.0.1", Map.of());
        var b = network("b", "10.0.4.1", "10.0.4.1", Map.of());
        var hosts = new AddressPlanner.Group("h", 1000, false, false, List.of(new AddressPlanner.Attachment(0, null, AT)), List.of());
        Found found = new Found();
        var plan = AddressPlanner.plan(List.of(a, b), List.of(hosts), found);
        // a /22 (10.0.0.0 to 10.0.3.255) holds 1,000 hosts and stops short of b's 10.0.4.0/24
        assertThat(plan.subnets().get(0)).hasToString("10.0.0.0/22");
        assertThat(found.errors()).isEmpty();
        assertThat(found.notes()).singleElement().asString().contains("widened from 10.0.0.0/24");
        assertThat(plan.addresses().address(0, 1000, 0)).isNotEqualTo(ip("10.0.3.255"));

        var more = new AddressPlanner.Group("h", 2000, false, false, List.of(new AddressPlanner.Attachment(0, null, AT)), List.of());
        Found blocked = new Found();
        AddressPlanner.plan(List.of(a, b), List.of(more), blocked);
        assertThat(blocked.errors()).singleElement().asString().startsWith("network 'a' has no address left for machine 'h'");
    }

    @Test
    void aGatewayMustBeAnotherMachineThatForwards() {
        Map<Long, AddressPlanner.Claim> claims = new HashMap<>();
        claims.put(ip("10.0.0.1").unsigned(), new AddressPlanner.Claim("r", AT));
        var lan = network("lan", "10.0.0.1", "10.0.0.1", claims);
        var route = new RouteSpec(Subnet.DEFAULT_ROUTE, ip("10.0.0.1"), AT);
        var host = new AddressPlanner.Group("h", 1, false, false, List.of(new AddressPlanner.Attachment(0, null, AT)), List.of(route));
        for (boolean router : new boolean[] {true, false}) {
            var r = new AddressPlanner.Group("r", 1, router, false, List.of(new AddressPlanner.Attachment(0, ip("10.0.0.1"), AT)), List.of());
            Found found = new Found();
            AddressPlanner.plan(List.of(lan), List.of(r, host), found);
            if (router) assertThat(found.errors()).isEmpty();
            else assertThat(found.errors()).singleElement().asString().contains("which does not forward packets");
        }
    }
}

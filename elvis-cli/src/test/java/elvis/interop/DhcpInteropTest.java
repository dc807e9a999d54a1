package elvis.interop;

import elvis.app.Ping;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.protocol.dhcp.DhcpClient;
import elvis.protocol.dhcp.DhcpPool;
import elvis.protocol.dhcp.DhcpServer;
import elvis.protocol.dns.ResolvConf;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.ipv4.Ipv4Interface;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real DHCP clients against our server and our client against a real server, through a TAP bridge:
 * BusyBox's udhcpc and ISC's dhclient in a namespace take a lease from a simulated
 * {@code dhcp_server} (address from the pool, mask, router, DNS server, domain and lease time as
 * configured), and a simulated machine's DHCP client takes one from dnsmasq in the namespace, then
 * pings it.
 */
class DhcpInteropTest {
    private static final long MS = 1_000_000L;
    private static final int FIRST = Ipv4Address.parse("10.0.0.100"), LAST = Ipv4Address.parse("10.0.0.150");

    @TempDir Path dir;

    @BeforeEach
    void requirements() { LiveFixture.requireLive(); }

    /** A LAN whose dhcpd (10.0.0.2) leases 10.0.0.100-150 for 10 minutes, router .1, DNS .53, domain example.com; and a namespace on it without an address. */
    private static LiveFixture.Host leasingWorld(LiveFixture f, DhcpServer server) throws Exception { return leasingWorld(f, server, 600); }

    private static LiveFixture.Host leasingWorld(LiveFixture f, DhcpServer server, long leaseSeconds) throws Exception {
        Network lan = f.network("lan", LinkConfig.UNLIMITED.withDelay(MS));
        Machine dhcpd = f.sim().machine("dhcpd");
        f.sim().connect(dhcpd, lan, "10.0.0.2/24");
        server.add(new DhcpPool(FIRST, LAST).leaseSeconds(leaseSeconds).router(Ipv4Address.parse("10.0.0.1"))
                .dns(Ipv4Address.parse("10.0.0.53")).domain("example.com"));
        dhcpd.addApplication(server);
        LiveFixture.Host h = f.host(lan, "10.0.0.250/24");
        // The fixture gives every host an address; a DHCP client starts without one.
        LiveFixture.Result flush = f.run(h.ns(), Duration.ofSeconds(5), "ip", "-4", "addr", "flush", "dev", h.device());
        assertTrue(flush.ok(), flush::toString);
        return h;
    }

    private Path script(String name, String body) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    /** The KEY=VALUE lines after {@code marker} in {@code text}. */
    private static Map<String, String> lease(String text, String marker) {
        int at = text.indexOf(marker);
        assertTrue(at >= 0, () -> "no '" + marker + "' in:\n" + text);
        Map<String, String> m = new HashMap<>();
        for (String line : text.substring(at + marker.length()).split("\n")) {
            if (line.equals("END")) break;
            int eq = line.indexOf('=');
            if (eq > 0) m.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
        }
        return m;
    }

    private static void assertInPool(String ip) {
        assertNotNull(ip);
        int a = Ipv4Address.parse(ip);
        assertTrue(Integer.compareUnsigned(a, FIRST) >= 0 && Integer.compareUnsigned(a, LAST) <= 0, ip + " is not in 10.0.0.100-10.0.0.150");
    }

    @Test
    void udhcpcTakesALeaseFromOurServer() throws Exception {
        LiveFixture.requireTool("udhcpc");
        LiveFixture.requireTool("ping");
        DhcpServer server = new DhcpServer();
        try (LiveFixture f = new LiveFixture(1, dir)) {
            LiveFixture.Host h = leasingWorld(f, server);
            // udhcpc's script hears the lease in its environment; this one prints it and puts the address on the device.
            Path s = script("udhcpc.sh", """
                    [ "$1" = bound ] || exit 0
                    printf 'BOUND\\nip=%s\\nsubnet=%s\\nrouter=%s\\ndns=%s\\nlease=%s\\nserverid=%s\\ndomain=%s\\nEND\\n' \
                        "$ip" "$subnet" "$router" "$dns" "$lease" "$serverid" "$domain"
                    ip addr add "$ip/$subnet" dev "$interface"
                    """);
            f.start();

            LiveFixture.Result r = f.run(h.ns(), Duration.ofSeconds(15), "udhcpc", "-i", h.device(), "-n", "-q", "-f", "-s", s.toString(), "-t", "3", "-T", "2");
            assertTrue(r.ok(), r::toString);
            Map<String, String> l = lease(r.out(), "BOUND\n");
            assertInPool(l.get("ip"));
            assertEquals("255.255.255.0", l.get("subnet"));
            assertEquals("10.0.0.1", l.get("router"));
            assertEquals("10.0.0.53", l.get("dns"));
            assertEquals("600", l.get("lease"));
            assertEquals("10.0.0.2", l.get("serverid"));
            assertEquals("example.com", l.get("domain"));

            // The lease works: the namespace reaches the server from its new address.
            LiveFixture.Result ping = f.run(h.ns(), Duration.ofSeconds(10), "ping", "-c", "2", "-W", "2", "-I", l.get("ip"), "10.0.0.2");
            assertTrue(ping.ok(), ping::toString);

            // Again with the broadcast flag (-B): the same client (its identifier, option 61) gets the same address.
            LiveFixture.Result again = f.run(h.ns(), Duration.ofSeconds(15), "udhcpc", "-i", h.device(), "-n", "-q", "-f", "-B", "-s", s.toString(), "-t", "3", "-T", "2");
            assertTrue(again.ok(), again::toString);
            assertEquals(l.get("ip"), lease(again.out(), "BOUND\n").get("ip"));

            assertEquals(2, f.call(server::offers));
            assertEquals(2, f.call(server::acks));
            assertEquals(0, f.call(server::naks));
            assertEquals(0, f.call(server::dropped));
        }
    }

    @Test
    void udhcpcRenewsByUnicastAndReleasesOnExit() throws Exception {
        LiveFixture.requireTool("udhcpc");
        DhcpServer server = new DhcpServer();
        try (LiveFixture f = new LiveFixture(4, dir)) {
            LiveFixture.Host h = leasingWorld(f, server);
            Path out = dir.resolve("udhcpc-events.out"), pid = dir.resolve("udhcpc.pid");
            Path s = script("udhcpc-renew.sh", """
                    echo "$1 ip=$ip lease=$lease" >> OUT
                    [ "$1" = bound ] && ip addr add "$ip/$subnet" dev "$interface"
                    exit 0
                    """.replace("OUT", out.toString()));
            f.start();
            // -R: release the lease when udhcpc is stopped.
            LiveFixture.Daemon udhcpc = f.daemon(h.ns(), "udhcpc", "-i", h.device(), "-f", "-R", "-p", pid.toString(), "-s", s.toString(), "-t", "3", "-T", "2");
            awaitLine(out, "bound ip=", udhcpc);
            // BusyBox renews at half the lease, but at least 61 s in; SIGUSR1 asks for it now: a REQUEST
            // with ciaddr, unicast to the server (RFC 2131 §4.3.2 RENEWING), answered by unicast to ciaddr.
            LiveFixture.Result usr1 = f.run(h.ns(), Duration.ofSeconds(5), "kill", "-USR1", Files.readString(pid).strip());
            assertTrue(usr1.ok(), usr1::toString);
            awaitLine(out, "renew ip=", udhcpc);
            String events = Files.readString(out);
            String bound = events.substring(events.indexOf("bound ip=") + 9).split(" ")[0];
            assertInPool(bound);
            assertTrue(events.contains("renew ip=" + bound + " lease=600"), events);    // the same address, the whole lease again
            udhcpc.close();
            long until = System.nanoTime() + 2_000 * MS;
            while (f.call(server::releases) == 0 && System.nanoTime() < until) Thread.sleep(20);
            assertEquals(1, f.call(server::offers));
            assertEquals(2, f.call(server::acks), "the lease and its renewal");
            assertEquals(1, f.call(server::releases), udhcpc::output);
            assertEquals(0, f.call(server::naks));
            assertEquals(0, f.call(server::dropped));
        }
    }

    /** Waits (at most 10 s) until {@code file} holds {@code text}. */
    private static void awaitLine(Path file, String text, LiveFixture.Daemon d) throws Exception {
        long deadline = System.nanoTime() + 10_000 * MS;
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && Files.readString(file).contains(text)) return;
            assertTrue(d.alive(), d::output);
            Thread.sleep(20);
        }
        throw new AssertionError("no '" + text + "' after 10 s in:\n" + (Files.exists(file) ? Files.readString(file) : "") + d.output());
    }

    @Test
    void dhclientTakesALeaseFromOurServer() throws Exception {
        LiveFixture.requireTool("dhclient");
        DhcpServer server = new DhcpServer();
        try (LiveFixture f = new LiveFixture(2, dir)) {
            LiveFixture.Host h = leasingWorld(f, server);
            Path out = dir.resolve("dhclient-script.out");
            // dhclient's script is told the state in $reason and the lease in new_*; it only records them here.
            Path s = script("dhclient.sh", """
                    [ "$reason" = BOUND ] || exit 0
                    printf 'BOUND\\nip=%s\\nmask=%s\\nrouters=%s\\ndns=%s\\nlease=%s\\nserverid=%s\\ndomain=%s\\nEND\\n' \
                        "$new_ip_address" "$new_subnet_mask" "$new_routers" "$new_domain_name_servers" "$new_dhcp_lease_time" \
                        "$new_dhcp_server_identifier" "$new_domain_name" >> OUT
                    """.replace("OUT", out.toString()));
            Path conf = dir.resolve("dhclient.conf");
            Files.writeString(conf, "request subnet-mask, routers, domain-name-servers, domain-name;\n");
            f.start();

            LiveFixture.Daemon dhclient = f.daemon(h.ns(), "dhclient", "-d", "-1", "-v", "-cf", conf.toString(), "-lf", dir.resolve("dhclient.leases").toString(),
                    "-pf", dir.resolve("dhclient.pid").toString(), "-sf", s.toString(), h.device());
            long deadline = System.nanoTime() + 15_000 * MS;
            while (!Files.exists(out) && System.nanoTime() < deadline && dhclient.alive()) Thread.sleep(50);
            assertTrue(Files.exists(out), () -> "dhclient got no lease\n" + dhclient.output());
            Map<String, String> l = lease(Files.readString(out), "BOUND\n");
            dhclient.close();
            assertInPool(l.get("ip"));
            assertEquals("255.255.255.0", l.get("mask"));
            assertEquals("10.0.0.1", l.get("routers"));
            assertEquals("10.0.0.53", l.get("dns"));
            assertEquals("600", l.get("lease"));
            assertEquals("10.0.0.2", l.get("serverid"));
            assertEquals("example.com", l.get("domain"));
            assertEquals(1, f.call(server::acks));
            assertEquals(0, f.call(server::dropped));
        }
    }

    @Test
    void ourClientTakesALeaseFromDnsmasqAndPingsIt() throws Exception {
        LiveFixture.requireTool("dnsmasq");
        try (LiveFixture f = new LiveFixture(3, dir)) {
            Network lan = f.network("lan", LinkConfig.UNLIMITED.withDelay(MS));
            Machine laptop = f.sim().machine("laptop");
            Ipv4Interface iface = f.sim().connect(laptop, lan);
            DhcpClient client = new DhcpClient(iface);
            laptop.addApplication(client);
            Ping ping = new Ping(Ipv4Address.parse("10.0.0.1"), 3, 200 * MS, 56, 64, 2_000 * MS);
            laptop.addApplication(client.whenBound(ping));
            LiveFixture.Host h = f.host(lan, "10.0.0.1/24");
            Path leases = dir.resolve("dnsmasq.leases");
            // No ping check (--no-ping): dnsmasq would otherwise wait for an echo before offering.
            LiveFixture.Daemon dnsmasq = f.daemon(h.ns(), "dnsmasq", "--no-daemon", "--conf-file=/dev/null", "--no-resolv", "--no-hosts", "--port=0",
                    "--interface=" + h.device(), "--bind-interfaces", "--dhcp-range=10.0.0.50,10.0.0.60,255.255.255.0,2m",
                    "--dhcp-option=option:router,10.0.0.1", "--dhcp-option=option:dns-server,10.0.0.1", "--dhcp-option=option:domain-name,live.test",
                    "--dhcp-leasefile=" + leases, "--pid-file=" + dir.resolve("dnsmasq.pid"), "--no-ping", "--log-dhcp", "--log-facility=-");
            awaitUdpListen(f, dnsmasq, h.ns(), 67);
            f.start();

            long deadline = System.nanoTime() + 15_000 * MS;
            while (f.call(ping::finishedAtNs) < 0 && System.nanoTime() < deadline) Thread.sleep(50);
            assertTrue(f.call(client::bound), () -> "our client got no lease\n" + dnsmasq.output());
            int address = f.call(client::address);
            assertTrue(Integer.compareUnsigned(address, Ipv4Address.parse("10.0.0.50")) >= 0 && Integer.compareUnsigned(address, Ipv4Address.parse("10.0.0.60")) <= 0,
                    Ipv4Address.format(address));
            assertEquals(24, f.call(() -> {
                for (Ipv4Interface i : Ipv4.of(laptop).interfaces()) if (i.hasAddress() && i.address() == address) return i.prefixLength();
                return -1;
            }));
            // The lease's times are dnsmasq's 2 minutes, counted from the REQUEST (RFC 2131 §4.4.1).
            long lease = f.call(() -> client.expiryNs() - client.boundAtNs());
            assertTrue(lease > 119_000 * MS && lease <= 120_000 * MS, "lease " + lease + " ns");
            assertArrayEquals(new int[] {Ipv4Address.parse("10.0.0.1")}, f.call(() -> ResolvConf.of(laptop).nameservers()));
            assertEquals("live.test", f.call(() -> ResolvConf.of(laptop).searchDomain()));

            assertEquals(3, f.call(ping::received), () -> String.join("\n", f.call(ping::output)));
            String mac = HexFormat.ofDelimiter(":").formatHex(HexFormat.of().parseHex(String.format(Locale.ROOT, "%012x", f.call(() -> iface.device().mac()))));
            String file = Files.readString(leases);
            assertTrue(file.contains(mac + " " + Ipv4Address.format(address)), () -> "dnsmasq's lease file:\n" + file);
            // And the other way: the namespace reaches the simulated machine at its leased address.
            LiveFixture.Result back = f.run(h.ns(), Duration.ofSeconds(10), "ping", "-c", "1", "-W", "2", Ipv4Address.format(address));
            assertTrue(back.ok(), back::toString);

            // A power cycle: INIT-REBOOT asks dnsmasq for the same address (REQUEST with option 50, no server id).
            f.call(() -> {
                client.reboot();
                return null;
            });
            long again = System.nanoTime() + 10_000 * MS;
            while (f.call(client::leases) < 2 && System.nanoTime() < again) Thread.sleep(20);
            assertEquals(2, f.call(client::leases), dnsmasq::output);
            assertEquals(address, f.call(client::address));
            assertEquals(0, f.call(client::naks));
            // A graceful stop releases the lease: dnsmasq forgets it.
            f.call(() -> {
                client.stop();
                return null;
            });
            long released = System.nanoTime() + 5_000 * MS;
            while (!dnsmasq.output().contains("DHCPRELEASE") && System.nanoTime() < released) Thread.sleep(20);
            assertTrue(dnsmasq.output().contains("DHCPRELEASE(" + h.device() + ") " + Ipv4Address.format(address) + " " + mac), dnsmasq::output);
        }
    }

    /** Waits until something in {@code ns} listens on UDP {@code port} (at most 5 s). */
    private static void awaitUdpListen(LiveFixture f, LiveFixture.Daemon d, String ns, int port) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000 * MS;
        while (System.nanoTime() < deadline) {
            assertTrue(d.alive(), d::output);
            LiveFixture.Result r = f.run(ns, Duration.ofSeconds(5), "ss", "-Hlun", "sport = :" + port);
            if (r.ok() && !r.out().isBlank()) return;
            Thread.sleep(50);
        }
        throw new AssertionError("nothing listens on UDP port " + port + " after 5 s\n" + d.output());
    }
}

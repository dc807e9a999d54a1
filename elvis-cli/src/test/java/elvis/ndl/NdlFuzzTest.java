package elvis.ndl;

import elvis.app.ApplicationRegistry;
import static elvis.ndl.NdlTestSupport.resource;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Random damage to valid files must only ever produce diagnostics: no exception, no internal error,
 * no hang, and a model exactly when there is no error.
 */
class NdlFuzzTest {

    private static final List<String> SEEDS = List.of(
            resource("fig2.ndl"), resource("lossy.ndl"), resource("fanin.ndl"), resource("modnet.ndl"), resource("events.ndl"), resource("as.ndl"), resource("tap.ndl"),
            NdlTestSupport.reindent(resource("fig2.ndl"), "\t"));
    private static final String ALPHABET = "[]'=#\\\t \n\r-./%0123456789xXabcdefgkmnsuzABMGT_\"\uFEFFé";
    private static final List<String> SNIPPETS = List.of("count='99999999999'", "count=18446744073709551617",
            "[Machine name='m']", "[Network id='3']", "type='p2p'", "ip='123.45.67.89'", "bandwidth='1e9Tbps'",
            "latency='-0ms'", "[IP subnet='0.0.0.0/0']", "[IP range='1.2.3.4-1.2.3.3']", "to='capturer-99999999'",
            "[Route to='default' via='123.45.67.1']", "port='0x" + "F".repeat(40) + "'", "'", "[", "]",
            "[Simulation seed='-1' until='9999999h']", "[Applications]", "9".repeat(5000),
            "[Module name='fwd1' type='forward']", "modules='fwd1,,fwd9'", "mode='blocking'", "yank='maybe'",
            "count='300'", "count='1048577'", "[Events]", "[Event at='1s' link='access' state='down']", "machine='h-99'", "withdraw='10.0.0.0/33'",
            "link='access-3'", "state='up'",
            "[AS asn='65001']", "block='10.1.0.0/31'", "igp='rip'", "[Peering a='t1' b='t2' relationship='peer']", "subnet='10.1.0.0/32'",
            "tap='elvis0'", "tap='a/b:c d'", "tap_netns='h1'", "tap_address='10.0.1.100/24'", "tap_address='10.0.1.1/99'", "tap_gateway='10.0.1.1'",
            "tap_gateway='10.0.2.1'", "arp='static'");

    private static final ExecutorService WATCHDOG = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ndl-fuzz");
        t.setDaemon(true);
        return t;
    });

    @AfterContainer
    static void stopWatchdog() {
        WATCHDOG.shutdownNow();
    }

    @Property(tries = 10_000)
    void damagedFilesGiveDiagnosticsOnly(@ForAll("damaged") String text) throws Exception {
        Future<NdlResult> run = WATCHDOG.submit(() -> Ndl.parse("fuzz.ndl", text, ApplicationRegistry.load()));
        NdlResult r;
        try {
            r = run.get(1, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            run.cancel(true);
            throw new AssertionError("took more than 1 s on:\n" + text, e);
        }
        assertThat(r.diagnostics()).noneMatch(d -> d.message().startsWith("internal error"));
        assertThat(r.ok()).isEqualTo(r.errors().isEmpty());
        String rendered = r.render();
        assertThat(rendered.lines().filter(l -> l.startsWith("fuzz.ndl:")).count()).isEqualTo(r.diagnostics().size());
        r.simulation().ifPresent(sim -> {
            for (int g = 0; g < sim.machines().size(); g++) { // every instance's address is computable
                var group = sim.machines().get(g);
                for (int a = 0; a < group.networks().size(); a++) {
                    sim.address(g, 1, a);
                    sim.address(g, group.count(), a);
                }
            }
        });
    }

    @Provide
    Arbitrary<String> damaged() {
        return Arbitraries.randomValue(NdlFuzzTest::damage);
    }

    private static String damage(Random random) {
        String text = SEEDS.get(random.nextInt(SEEDS.size()));
        int mutations = 1 + random.nextInt(4);
        for (int i = 0; i < mutations; i++) {
            text = mutate(text, random);
        }
        return text;
    }

    private static String mutate(String text, Random random) {
        int at = text.isEmpty() ? 0 : random.nextInt(text.length());
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        int line = random.nextInt(lines.size());
        switch (random.nextInt(9)) {
            case 0 -> {
                return text.substring(0, at) + ALPHABET.charAt(random.nextInt(ALPHABET.length())) + text.substring(at);
            }
            case 1 -> {
                return text.isEmpty() ? text : text.substring(0, at) + text.substring(at + 1);
            }
            case 2 -> {
                return text.isEmpty() ? text
                        : text.substring(0, at) + ALPHABET.charAt(random.nextInt(ALPHABET.length())) + text.substring(at + 1);
            }
            case 3 -> lines.add(line, lines.get(line));
            case 4 -> lines.remove(line);
            case 5 -> {
                int other = random.nextInt(lines.size());
                String swap = lines.get(line);
                lines.set(line, lines.get(other));
                lines.set(other, swap);
            }
            case 6 -> {
                String l = lines.get(line);
                lines.set(line, random.nextBoolean() ? List.of("\t", " ", "  ", "    ").get(random.nextInt(4)) + l : l.stripLeading());
            }
            case 7 -> {
                return text.replaceFirst("[0-9]+", random.nextBoolean() ? "99999999999" : "9".repeat(1 + random.nextInt(60)));
            }
            default -> {
                return text.substring(0, at) + " " + SNIPPETS.get(random.nextInt(SNIPPETS.size())) + " " + text.substring(at);
            }
        }
        return String.join("\n", lines);
    }
}

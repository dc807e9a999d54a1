package elvis.ndl;

import static org.assertj.core.api.Assertions.assertThat;

import elvis.app.ApplicationRegistry;
import elvis.dummynet.profile.EmpiricalProfile;
import elvis.dummynet.profile.GilbertElliott;
import elvis.link.LinkConfig;
import elvis.ndl.model.NdlSimulation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delay profiles, bandwidth traces, Gilbert-Elliott, duplication and reordering as [Network] and port attributes. */
class LinkConditionsNdlTest {
    @TempDir Path dir;

    static final String TEXT = """
            [Networks]
              [Network id='cell' type='p2p' latency='20ms' bandwidth_trace='gen:mean=2Mbps,cv=0.5,duration=60s' loss_model='ge:1%,30%']
                [IP subnet='10.0.0.0/30']
            [Machines]
              [Machine name='phone']
                [Networks]
                  [Network id='cell' profile='wifi.profile' bandwidth='54Mbps' duplicate='1%' reorder='2%' reorder_delay='5ms']
                [Applications]
              [Machine name='tower']
                [Networks]
                  [Network id='cell']
                [Applications]
            """;

    private NdlResult parse(String text) throws IOException {
        Path ndl = dir.resolve("cell.ndl");
        Files.writeString(ndl, text);
        return Ndl.parse(ndl, text, ApplicationRegistry.load());
    }

    private List<String> errors(String text) throws IOException {
        NdlResult r = parse(text);
        assertThat(r.ok()).isFalse();
        return r.errors().stream().map(d -> d.pos().line() + ":" + d.pos().col() + ": " + d.message()).toList();
    }

    private void profile(String text) throws IOException { Files.writeString(dir.resolve("wifi.profile"), text); }

    @Test
    void aNetworkTakesAGeneratedTraceAndALossModelAndAPortAProfileRelativeToTheDescription() throws IOException {
        profile("bw 54Mbit/s\nloss-level 0.99\nprob delay\n0 0.1\n1 2\n");
        NdlResult r = parse(TEXT);
        assertThat(r.render()).isEmpty();
        NdlSimulation sim = r.simulation().orElseThrow();
        LinkConfig net = sim.networks().getFirst().link().config();
        assertThat(net.conditions().trace().meanBps()).isCloseTo(2e6, org.assertj.core.data.Percentage.withPercentage(2));
        assertThat(net.conditions().lossModel()).isEqualTo(new GilbertElliott(0.01, 0.3, 1, 0));
        LinkConfig port = sim.machines().stream().filter(g -> g.name().equals("phone")).findFirst().orElseThrow()
                .networks().getFirst().port().orElseThrow();
        assertThat(port.conditions().profile()).isInstanceOf(EmpiricalProfile.class);
        assertThat(((EmpiricalProfile) port.conditions().profile()).lossIndex()).isEqualTo(99);
        assertThat(port.conditions().duplicate()).isEqualTo(0.01);
        assertThat(port.conditions().reorderDelayNs()).isEqualTo(5_000_000);
    }

    @Test
    void mistakesArePlacedInTheDescriptionOrInTheFileTheyAreIn() throws IOException {
        profile("prob delay\n0 1\n0.5 x\n");
        // inline specs: at the character in the description (the network's first error stops its conditions)
        assertThat(errors(TEXT.replace("cv=0.5", "cv=-1"))).anySatisfy(m -> assertThat(m).startsWith("2:83: cv must be a number"));
        assertThat(errors(TEXT.replace("ge:1%,30%", "ge:1%,130%"))).anySatisfy(m -> assertThat(m)
                .startsWith("2:119: Gilbert-Elliott r must be between 0% and 100%"));
        // a file's error: at the attribute naming the file, with the file's own place
        assertThat(errors(TEXT)).anySatisfy(m -> assertThat(m).startsWith("7:35: ").endsWith("wifi.profile:3:5: not a point: 'x' is not a non-negative number"));
        assertThat(errors(TEXT.replace("wifi.profile", "none.profile"))).anySatisfy(m -> assertThat(m)
                .startsWith("7:35: cannot read profile file 'none.profile': no such file"));
        profile("prob delay\n0 1\n1 2\n");
        assertThat(errors(TEXT.replace("reorder_delay='5ms'", ""))).anySatisfy(m -> assertThat(m).isEqualTo("7:83: 'reorder' needs a 'reorder_delay' above 0"));
        assertThat(errors(TEXT.replace("latency='20ms'", "latency='20ms' bandwidth='1Mbps'")))
                .anySatisfy(m -> assertThat(m).contains("give 'bandwidth' or 'bandwidth_trace', not both"));
        assertThat(errors(TEXT.replace("duplicate='1%'", "duplicate='150%'"))).anySatisfy(m -> assertThat(m)
                .startsWith("7:78: duplicate must be between 0% and 100%"));
    }
}

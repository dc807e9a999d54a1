package elvis.ndl;

import elvis.app.ApplicationRegistry;
import elvis.cpu.Disk;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A machine's disk from [Machine disk='ssd' disk_*=…]: checked with positions, then installed on every machine of the group. */
class DiskNdlTest {
    static String file(String machineKeys) {
        return """
                [Networks]
                  [Network id='1']
                    [IP subnet='10.0.0.0/24']
                [Machines]
                  [Machine name='a' count='2' %s]
                    [Networks]
                      [Network id='1']
                    [Applications]
                      [Application name='tcp_sink' port='80' bytes='1KB']
                  [Machine name='b']
                    [Networks]
                      [Network id='1']
                    [Applications]
                      [Application name='tcp_sink' port='80' bytes='1KB']
                """.formatted(machineKeys);
    }

    static List<String> errors(String keys) {
        return Ndl.parse("t.ndl", file(keys), ApplicationRegistry.load()).errors().stream()
                .map(d -> d.pos().line() + ":" + d.pos().col() + ": " + d.message()).toList();
    }

    static List<elvis.machine.Machine> build(String keys) throws Exception {
        NdlResult r = Ndl.parse("t.ndl", file(keys), ApplicationRegistry.load());
        assertThat(r.errors()).isEmpty();
        return SimulationBuilder.build(r.simulation().orElseThrow(), ApplicationRegistry.load()).simulation().machines();
    }

    @Test
    void ssdGivesModNetsDeviceToEveryMachineOfTheGroupAndNoneElsewhere() throws Exception {
        var machines = build("disk='ssd'");
        assertThat(Disk.of(machines.get(0)).config()).isEqualTo(Disk.Config.SSD);
        assertThat(Disk.of(machines.get(1)).config()).isEqualTo(Disk.Config.SSD);
        assertThat(Disk.of(machines.get(2))).isNull();
    }

    @Test
    void theFiguresChangeTheDevice() throws Exception {
        var machines = build("disk='ssd' disk_read_iops='10000' disk_write_iops='9000' disk_bandwidth='440Mbps' disk_queue_depth='8' disk_latency='50us'");
        assertThat(Disk.of(machines.get(0)).config()).isEqualTo(new Disk.Config(10_000, 9_000, 440_000_000L, 8, 50_000));
    }

    @Test
    void mistakesAreLocated() {
        assertThat(errors("disk='hdd'")).singleElement().asString().startsWith("5:36: unknown disk 'hdd'");
        assertThat(errors("disk_latency='1ms'")).singleElement().asString().contains("5:31: 'disk_latency' sets a figure of the machine's disk");
        assertThat(errors("disk='ssd' disk_queue_depth='0'")).singleElement().asString().contains("disk_queue_depth");
        assertThat(errors("disk='ssd' disk_bandwidth='0'")).singleElement().asString().contains("more than 0");
        assertThat(errors("disk='ssd' disk_latency='2s'")).hasSize(1);
        assertThat(errors("disk='ssd' disk_iops='5'")).singleElement().asString().contains("disk_iops");
    }
}

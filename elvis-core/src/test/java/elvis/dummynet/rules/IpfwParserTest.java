package elvis.dummynet.rules;

import elvis.Simulation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The ipfw line reader: the paper's lines literally, and a located error for every bad one. */
class IpfwParserTest {
    static RuleSet fresh() {
        Simulation sim = new Simulation(1);
        return RuleSet.detached(sim.machine("m"));
    }

    @Test
    void thePapersLinesAreReadLiterallyAndObjectLinesGoToTheEngine() {
        RuleSet r = fresh();
        List<String> objects = new ArrayList<>();
        List<IpfwError> errors = Ipfw.load("""
                # example 1: an asymmetric link
                ipfw pipe 10 config bw 256 Kbit/s delay 20ms
                ipfw pipe 11 config bw 4 Mbit/s delay 5ms
                ipfw add 100 pipe 10 out dst-port 2000-3000
                ipfw add 200 pipe 11 in src-port 2000-3000
                ipfw add 300 allow ip from any to any   // bypass

                # example 2
                ipfw pipe 5 config sched qfq mask src-ip 0xffffff00 bw 1 Mbit/s
                   ipfw queue 1 config pipe 5 weight 10 mask src-ip 0xffffffff
                add 400 queue 1 in dst-port 22,53
                -q add 500 queue 2 in dst-port any
                """, r, (line, column) -> objects.add(column + ":" + line.substring(column)));
        assertThat(errors).isEmpty();
        assertThat(objects).containsExactly("5:pipe 10 config bw 256 Kbit/s delay 20ms", "5:pipe 11 config bw 4 Mbit/s delay 5ms",
                "5:pipe 5 config sched qfq mask src-ip 0xffffff00 bw 1 Mbit/s", "8:queue 1 config pipe 5 weight 10 mask src-ip 0xffffffff");
        assertThat(r.rules().stream().map(Rule::toString).toList()).containsExactly(
                "00100 pipe 10 out dst-port 2000-3000", "00200 pipe 11 in src-port 2000-3000", "00300 allow ip from any to any",
                "00400 queue 1 in dst-port 22,53", "00500 queue 2 in dst-port any", "65535 deny ip from any to any");
    }

    @Test
    void anErrorInAnObjectLineKeepsTheEnginesColumn() {
        List<IpfwError> errors = Ipfw.load("\n  pipe 1 config bw -3", fresh(), (line, column) -> {
            throw new IpfwError(1, line.indexOf("-3") + 1, "bandwidth must be positive");
        });
        assertThat(errors).extracting(IpfwError::toString).containsExactly("2:20: bandwidth must be positive");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            add 100 pipe                                   | 13 | expected a pipe number or name at the end of the line
            add 100 pipe 0                                 | 14 | pipe number must be 1..65534: '0'
            add 100 pipe 7x ip from any to any             | 14 | pipe number must be 1..65534: '7x'
            add 100 queue -slow ip from any to any         | 15 | a queue is a number 1..65534 or a name
            add 65535 allow ip from any to any             | 5  | rule number (65535 is the default rule) must be 1..65534: '65535'
            add 100 alow ip from any to any                | 9  | unknown action 'alow'
            add 100 fwd 10.0.0.1 ip from any to any        | 9  | the ipfw action 'fwd' is not supported here
            add 100 allow tcp from 10.0.0.300 to any       | 24 | '10.0.0.300' is not an IPv4 address
            add 100 allow tcp from 10.0.0.0/33 to any      | 24 | prefix length must be 0..32
            add 100 allow tcp from any any                 | 28 | expected 'to', found 'any'
            add 100 allow tcp from any                     | 27 | expected 'to' and a destination after the source at the end of the line
            add 100 allow tcp from any to any dst-port 3000-2000 | 44 | port range 3000-2000 runs backwards
            add 100 allow tcp from any to any dst-port 70000     | 44 | '70000' is not a port
            add 100 allow ip from any to any tcpflags syn,!syn   | 43 | a TCP flag both required and refused
            add 100 allow ip from any to any tcpflags sin        | 43 | unknown TCP flag 'sin'
            add 100 allow ip from any to any sideways            | 34 | unknown option 'sideways'
            add 100 allow ip from any to any keep-state          | 34 | stateful rules ('keep-state') are not supported
            add 100 allow ip from any to any or in               | 34 | or-blocks are not supported
            add 100 prob 1.5 allow ip from any to any            | 14 | probability must be more than 0 and at most 1
            add 100 prob 0 allow ip from any to any              | 14 | probability must be more than 0 and at most 1
            add 100 skipto 50 ip from any to any                 | 9  | skipto 50 must jump forward, past rule 100
            add 100 allow ip from table(x) to any                | 23 | table number must be 0..65534
            add 100 allow ip from {10.0.0.1,,10.0.0.2} to any    | 23 | empty entry in the address list
            add 100 allow ip from {10.0.0.1 to any               | 23 | an address list is
            add 100 allow ospf2 from any to any                  | 15 | unknown option 'ospf2'
            add 100 allow 300 from any to any                    | 15 | protocol number must be 0..255: '300'
            ipfw flush                                           | 6  | unknown command 'flush'
            table 1 add 10.0.0.0/8 extra                         | 24 | unexpected 'extra' at the end of the line
            table 70000 add 10.0.0.0/8                           | 7  | table number must be 0..65534
            """)
    void everyBadLineGivesItsColumnAndWhatIsWrong(String line, int column, String message) {
        RuleSet r = fresh();
        List<IpfwError> errors = Ipfw.load("add 10 count ip from any to any\n" + line, r, Ipfw.NO_OBJECTS);
        assertThat(errors).hasSize(1);
        assertThat(errors.getFirst().line()).isEqualTo(2);
        assertThat(errors.getFirst().column()).isEqualTo(column);
        assertThat(errors.getFirst().getMessage()).contains(message);
        assertThat(r.rules()).hasSize(2);               // the good line and the default: the bad one changed nothing
    }
}

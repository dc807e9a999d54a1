package elvis.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The picocli-free parser of plain run and check command lines agrees with picocli, or leaves the line to it. */
class FastPathTest {
    static final Set<String> HELP = Set.of("-h", "--help", "-V", "--version");

    static Stream<String> commandLines() {
        return Stream.of(
                "run hello.ndl",
                "run dir/hello.ndl --seed 7",
                "run --seed 7 hello.ndl --until 10s --json out.json --quiet --pcap caps --snaplen 100",
                "run hello.ndl --quiet",
                "run hello.ndl --realtime --max-lateness 5ms --json out.json",
                "run --mpi hello.ndl --json out.json",
                "run hello.ndl --trace */cwnd --trace-out t.csv --trace-format csv --trace-plot plots",
                "run hello.ndl --trace a,b --trace-out t.csv",
                "run hello.ndl --trace a --trace b --trace-out t.jsonl",
                "run hello.ndl --seed 0x10",
                "run hello.ndl --seed +5",
                "run hello.ndl --seed 007",
                "run hello.ndl --seed 99999999999999999999",
                "run hello.ndl --seed -3",
                "run hello.ndl --seed seven",
                "run hello.ndl --snaplen 1e3",
                "run hello.ndl --json",
                "run hello.ndl --quiet --quiet",
                "run hello.ndl --seed 1 --seed 2",
                "run hello.ndl --seed=7",
                "run hello.ndl other.ndl",
                "run hello.ndl --until -5s",
                "run hello.ndl --until 5s --",
                "run -- hello.ndl",
                "run hello.ndl -q",
                "run hello.ndl --verbose",
                "run @args.txt",
                "run --help",
                "run -h",
                "run",
                "check hello.ndl",
                "check hello.ndl other.ndl",
                "check hello.ndl --seed 1",
                "check hello.ndl --partitions 4",
                "check --partitions 2 hello.ndl",
                "check hello.ndl --partitions",
                "check hello.ndl --partitions two",
                "check hello.ndl --partitions 2 --partitions 3",
                "check hello.ndl --partitions -1",
                "check -h",
                "check --version",
                "bench tcp-bulk",
                "--help",
                "hello.ndl");
    }

    @ParameterizedTest
    @MethodSource("commandLines")
    void agreesWithPicocliOrLeavesTheLineToIt(String line) {
        String[] args = line.split(" ");
        Callable<Integer> fast = FastPath.parse(args);
        if (fast == null) return;
        Object parsed = args[0].equals("run") ? new RunCommand() : new CheckCommand();
        new CommandLine(parsed).parseArgs(Arrays.copyOfRange(args, 1, args.length));   // throws if picocli would refuse it
        assertThat(fast).usingRecursiveComparison().usingOverriddenEquals().isEqualTo(parsed);
    }

    @Test
    void plainLinesTakeTheFastPath() {
        assertThat(FastPath.parse("run", "hello.ndl")).isInstanceOf(RunCommand.class);
        assertThat(FastPath.parse("run", "hello.ndl", "--seed", "3", "--json", "r.json", "--quiet")).isInstanceOf(RunCommand.class);
        assertThat(FastPath.parse("check", "hello.ndl")).isInstanceOf(CheckCommand.class);
        assertThat(FastPath.parse("check", "hello.ndl", "--partitions", "2")).isInstanceOf(CheckCommand.class);
        assertThat(FastPath.parse("run", "--help")).isNull();
    }

    @Test
    void knowsEveryOptionPicocliDeclares() {
        assertThat(optionNames(new RunCommand())).containsExactlyInAnyOrderElementsOf(
                Stream.concat(FastPath.RUN_VALUE_OPTIONS.stream(), FastPath.RUN_FLAGS.stream()).toList());
        assertThat(optionNames(new CheckCommand())).containsExactlyInAnyOrderElementsOf(FastPath.CHECK_VALUE_OPTIONS);
        for (OptionSpec o : new CommandLine(new RunCommand()).getCommandSpec().options()) {
            if (!HELP.contains(o.longestName())) assertThat(o.arity().max() == 0).isEqualTo(FastPath.RUN_FLAGS.contains(o.longestName()));
        }
        assertThat(new CommandLine(new RunCommand()).getCommandSpec().positionalParameters()).hasSize(1);
        assertThat(new CommandLine(new CheckCommand()).getCommandSpec().positionalParameters()).hasSize(1);
    }

    static List<String> optionNames(Object command) {
        List<String> names = new ArrayList<>();
        for (OptionSpec o : new CommandLine(command).getCommandSpec().options()) {
            names.addAll(Arrays.stream(o.names()).filter(n -> !HELP.contains(n)).collect(Collectors.toList()));
        }
        return names;
    }
}

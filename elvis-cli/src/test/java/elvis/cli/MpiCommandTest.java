package elvis.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** elvis run --mpi outside an MPI job, and with options an MPI run does not take: a plain message and exit 2. */
class MpiCommandTest {
    private static final String FILE = "../examples/parallel-dumbbell.ndl";

    @Test
    void notStartedByMpirunItSaysHowToStartIt() {
        CommandLineTest.Outcome o = CommandLineTest.elvis("run", "--mpi", FILE);
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).startsWith("elvis run: --mpi: ").contains("Start it as mpirun -np K elvis run --mpi FILE").doesNotContain("Exception");
        assertThat(o.out()).isEmpty();
    }

    @Test
    void optionsAnMpiRunDoesNotTakeAreRefused() {
        assertThat(CommandLineTest.elvis("run", "--mpi", "--threads", "2", FILE).err())
                .isEqualTo("elvis run: --mpi runs one partition in each process of the MPI job: leave out --threads\n");
        assertThat(CommandLineTest.elvis("run", "--mpi", "--realtime", FILE).err()).contains("leave out --mpi");
    }
}

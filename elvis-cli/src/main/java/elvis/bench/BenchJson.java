package elvis.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The {@code --json FILE} option of the {@code elvis bench} commands: {"runs":[…]}, one entry per measured run, with the figures printed. */
public final class BenchJson {
    @Option(names = "--json", paramLabel = "FILE", description = "write {\"runs\":[...]} to FILE, one entry per measured run")
    Path file;

    /** Writes {@code runs} when --json was given. */
    void write(List<?> runs) throws IOException {
        if (file != null) new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), Map.of("runs", runs));
    }
}

package elvis.trace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A record file: written directly, its header then its lines in UTF-8; spooled, each record behind its time, lane and length. */
class RecordFileTest {
    @TempDir
    Path dir;

    private static final String LINE = "a,é,€,\uD83D\uDE00,end\n";

    @Test
    void aDirectFileHoldsItsHeaderThenItsLinesInUtf8() throws IOException {
        Path path = dir.resolve("t.csv");
        RecordFile f = RecordFile.direct(path, "h\n".getBytes(StandardCharsets.UTF_8));
        f.text(5, 1, LINE);
        f.text(5, 2, "lone \uD800 surrogate\n");
        f.close();
        assertThat(Files.readString(path)).isEqualTo("h\n" + LINE + "lone ? surrogate\n");
        assertThat(files()).containsExactly("t.csv");
    }

    @Test
    void aSpoolPrefixesEachRecordAndIsGoneOnceTaken() throws IOException {
        Path path = dir.resolve("t.csv");
        RecordFile f = RecordFile.spooled(path, new byte[0]);
        f.text(7, -3, LINE);
        f.close();
        assertThat(files()).hasSize(1).noneMatch(n -> n.equals("t.csv"));   // only the spool, beside the file
        ByteBuffer b = ByteBuffer.wrap(f.takeSpool());
        byte[] utf8 = LINE.getBytes(StandardCharsets.UTF_8);
        assertThat(b.getLong()).isEqualTo(7);
        assertThat(b.getLong()).isEqualTo(-3);
        assertThat(b.getInt()).isEqualTo(utf8.length);
        byte[] rest = new byte[b.remaining()];
        b.get(rest);
        assertThat(rest).isEqualTo(utf8);
        assertThat(files()).isEmpty();
    }

    private java.util.List<String> files() throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }
}

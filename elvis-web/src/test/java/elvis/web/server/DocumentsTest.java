package elvis.web.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DocumentsTest {
    @TempDir Path tmp;

    @Test
    void aDirectoryIsServedByPathWithIndexesAndTypes() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("site"));
        Files.writeString(root.resolve("index.html"), "<h1>home</h1>");
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/index.html"), "docs");
        Files.write(root.resolve("docs/logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff});
        Files.writeString(root.resolve("notes"), "plain");
        Documents d = Documents.fromDirectory(root);
        assertThat(d.find("/index.html").body().toUtf8()).isEqualTo("<h1>home</h1>");
        assertThat(d.find("/")).isSameAs(d.find("/index.html"));
        assertThat(d.find("/docs/")).isSameAs(d.find("/docs/index.html"));
        assertThat(d.find("/docs")).isSameAs(d.find("/docs/index.html"));
        assertThat(d.find("/docs/logo.png").body().toByteArray()).containsExactly(0x89, 'P', 'N', 'G', 0, 0xff);
        assertThat(d.find("/docs/logo.png").contentType()).isEqualTo("image/png");
        assertThat(d.find("/index.html").contentType()).isEqualTo("text/html");
        assertThat(d.find("/notes").contentType()).isEqualTo("application/octet-stream");
        assertThat(d.find("/missing.html")).isNull();
        assertThat(d.size()).isEqualTo(7);     // four files, three index aliases
        assertThat(d.totalBytes()).isEqualTo(13 + 4 + 6 + 5 + 13 + 4 + 4);
    }

    @Test
    void symbolicLinksAreNotFollowedOutOfTheRoot() throws IOException {
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "do not serve");
        Path root = Files.createDirectories(tmp.resolve("site"));
        Files.writeString(root.resolve("a.txt"), "ok");
        Files.createSymbolicLink(root.resolve("leak.txt"), secret);
        Files.createSymbolicLink(root.resolve("up"), tmp);
        Documents d = Documents.fromDirectory(root);
        assertThat(d.find("/a.txt")).isNotNull();
        assertThat(d.find("/leak.txt")).isNull();
        assertThat(d.find("/up/secret.txt")).isNull();
        assertThat(d.size()).isEqualTo(1);
    }

    @Test
    void aMissingDirectoryIsAnError() {
        assertThatThrownBy(() -> Documents.fromDirectory(tmp.resolve("nope"))).isInstanceOf(IOException.class).hasMessageContaining("nope");
    }

    @Test
    void syntheticDocumentsTakeTheirSizesInOrderAndClampThem() {
        AtomicLong next = new AtomicLong(-1);
        long[] sizes = {-5, 0, 1, 136_000, Long.MAX_VALUE};
        Documents d = Documents.synthetic(5, () -> sizes[(int) next.incrementAndGet()]);
        assertThat(d.find("/0.htm").body().length()).isZero();
        assertThat(d.find("/1.htm").body().length()).isZero();
        assertThat(d.find("/2.htm").body().length()).isEqualTo(1);
        assertThat(d.find("/3.htm").body().length()).isEqualTo(136_000);
        assertThat(d.find("/4.htm").body().length()).isEqualTo(Documents.MAX_SYNTHETIC_BYTES);
        assertThat(d.find("/5.htm")).isNull();
        assertThat(d.find("/3.htm").contentType()).isEqualTo("text/html");
    }

    @Test
    void rustysCorpusIsFiveHundredPagesOf136Kilobytes() {
        Documents d = Documents.rusty();
        assertThat(d.size()).isEqualTo(500);
        assertThat(d.totalBytes()).isEqualTo(500L * 136_000);
        assertThat(d.find("/0.htm")).isNotNull();
        assertThat(d.find("/499.htm")).isNotNull();
        assertThat(d.find("/500.htm")).isNull();
        assertThat(new String(d.find("/7.htm").body().toByteArray(), StandardCharsets.ISO_8859_1)).hasSize(136_000);
    }
}

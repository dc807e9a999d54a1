package elvis.ndl;

import elvis.app.ApplicationRegistry;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * docs/ndl.md's attribute tables are generated from the declarations (LinkConfig, LinkSpec,
 * TcpConfig, the applications): this fails when the file is stale, and rewrites it when run with
 * {@code -Dndl.docs.write=true}.
 */
class NdlDocsTest {
    static final Path DOC = Path.of("..", "docs", "ndl.md");
    static final String REGENERATE = "mvn -B -o -pl elvis-core,elvis-web,elvis-cli test -Dtest=NdlDocsTest -Dsurefire.failIfNoSpecifiedTests=false -Dndl.docs.write=true";

    @Test
    void theTablesInDocsNdlMdAreTheDeclarations() throws Exception {
        NdlSchema schema = NdlSchema.standard(ApplicationRegistry.load());
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        assertThat(NdlDocs.tablesIn(doc)).as("generated tables in docs/ndl.md (each needs its markers)")
                .containsExactlyInAnyOrderElementsOf(NdlDocs.tableNames(schema));
        String fresh = NdlDocs.update(doc, schema);
        if (Boolean.getBoolean("ndl.docs.write")) {
            Files.writeString(DOC, fresh, StandardCharsets.UTF_8);
        } else if (!fresh.equals(doc)) {
            fail("docs/ndl.md's attribute tables differ from the declarations; regenerate them with\n  " + REGENERATE);
        }
    }

    @Test
    void aTableListsEveryDeclarationWithItsDefaultRangeAndDoc() {
        NdlSchema schema = NdlSchema.standard(ApplicationRegistry.load());
        assertThat(NdlDocs.table("network", schema))
                .contains("| `id` | (required) | text |")
                .contains("| `latency` | `0` | duration 0..1h | one-way propagation delay |")
                .contains("| `mtu` | `1500` | 68..65,535 |")
                .contains("| `qdisc` | `fifo` | `fifo`, `prio`, `red`, `gred`, `codel`, `pie` |")
                .contains("| `bands` | `3` | 2..16 |")
                .contains("| `down` | none | intervals `FROM-TO` of durations up to 8760h");
        // A machine's entry: the link keys a port may set, without the whole network's.
        assertThat(NdlDocs.table("port", schema)).contains("| `bandwidth` | bandwidth 0..10Tbps |").contains("| `down` |")
                .doesNotContain("`mtu`").doesNotContain("`fcs`").doesNotContain("`arp`");
        assertThat(NdlDocs.table("tcp", schema)).contains("| `msl` | `2min` | duration 0..8760h |")
                .contains("| `iw` | RFC 5681 rule (2–4 segments) | 1..1,000 |");
        assertThat(NdlDocs.table("application send_message", schema))
                .contains("| `message` | one of `message`, `size` |")
                .contains("| `to` | yes | machine name or IPv4 address |")
                .contains("| `transport` | no (`udp`) |");
    }

    @Test
    void aStaleTableIsReplacedAndTextAroundItKept() {
        NdlSchema schema = NdlSchema.standard(ApplicationRegistry.load());
        String doc = "before\n<!-- generated: tcp -->\n| old |\n<!-- end generated -->\nafter\n";
        assertThat(NdlDocs.update(doc, schema)).startsWith("before\n<!-- generated: tcp -->\n| Parameter | Default |")
                .endsWith("<!-- end generated -->\nafter\n").doesNotContain("| old |");
    }
}

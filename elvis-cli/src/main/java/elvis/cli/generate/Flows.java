package elvis.cli.generate;

/** The traffic generated topologies carry: bulk TCP transfers between host groups, instance i to instance i. */
final class Flows {
    static final int PORT = 5001;

    private Flows() { }

    /** Group {@code from} sends {@code bytes} from each of its {@code n} hosts to the same-numbered host of group {@code to}. */
    static void bulk(NdlWriter ndl, Fabric fabric, String from, String to, int n, String bytes) {
        fabric.hosts(ndl, from, n);
        ndl.section(2, "Applications");
        ndl.section(3, "Application", "name", "tcp_bulk_send", "bytes", bytes, "to", to, "port", PORT);
        sinks(ndl, fabric, to, n, bytes);
    }

    /** Group {@code name} of {@code n} hosts, each receiving {@code bytes}. */
    static void sinks(NdlWriter ndl, Fabric fabric, String name, int n, String bytes) {
        fabric.hosts(ndl, name, n);
        ndl.section(2, "Applications");
        ndl.section(3, "Application", "name", "tcp_sink", "port", PORT, "bytes", bytes);
    }
}

package elvis.ndl;

import elvis.config.Attribute;
import elvis.config.Schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docs/ndl.md's attribute tables, generated from the declarations: a [Network]'s keys (the network's
 * and its link's), the link keys a machine's [Network] entry may set (a port's), TCP's parameters and
 * each application's arguments. A table sits between
 * {@code <!-- generated: NAME -->} and {@code <!-- end generated -->}; NdlDocsTest fails when the file
 * differs from what {@link #update} makes of it, and rewrites it when run with {@code -Dndl.docs.write=true}.
 */
public final class NdlDocs {
    private static final Pattern BLOCK = Pattern.compile(
            "(<!-- generated: ([^>]+?) -->\\n)(.*?)(<!-- end generated -->)", Pattern.DOTALL);

    private NdlDocs() { }

    /** The markdown with every generated table replaced by what the declarations give; throws on an unknown table name. */
    public static String update(String markdown, NdlSchema schema) {
        Matcher m = BLOCK.matcher(markdown);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + table(m.group(2).strip(), schema) + m.group(4)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The names of the tables a document must hold: network, port, tcp, ipv4, and one per application. */
    public static List<String> tableNames(NdlSchema schema) {
        List<String> names = new ArrayList<>(List.of("network", "port", "tcp", "ipv4", "icmp", "dns", "partition"));
        for (String app : schema.applications().names()) names.add("application " + app);
        for (String type : elvis.modnet.ModuleRegistry.load().types()) names.add("module " + type);
        return names;
    }

    /** The names of the generated tables present in {@code markdown}. */
    public static List<String> tablesIn(String markdown) {
        List<String> names = new ArrayList<>();
        Matcher m = BLOCK.matcher(markdown);
        while (m.find()) names.add(m.group(2).strip());
        return names;
    }

    /**
     * One table: {@code network}, {@code port}, {@code tcp}, {@code ipv4}, {@code icmp}, {@code dns}, {@code partition} (the override
     * on [Machine] and [AS]), {@code application NAME} or {@code module TYPE}.
     */
    public static String table(String name, NdlSchema schema) {
        if (name.equals("network")) {
            List<Attribute<?>> rows = new ArrayList<>(schema.network().attributes());
            rows.addAll(schema.link().attributes());
            return keyTable("Key", rows);
        }
        if (name.equals("port")) return portTable(schema.port().attributes());
        if (name.equals("tcp")) return keyTable("Parameter", schema.tcp().attributes());
        if (name.equals("ipv4")) return keyTable("Parameter", schema.ipv4().attributes());
        if (name.equals("icmp")) return keyTable("Parameter", schema.icmp().attributes());
        if (name.equals("dns")) return keyTable("Parameter", elvis.protocol.dns.ResolvConf.SCHEMA.attributes());
        if (name.equals("partition")) return keyTable("Key", elvis.ndl.model.PartitionPin.SCHEMA.attributes());
        if (name.startsWith("application ")) {
            String app = name.substring("application ".length());
            Optional<Schema> s = schema.applications().find(app);
            if (s.isEmpty()) throw new IllegalArgumentException("docs name a table for an unknown application '" + app + "'");
            return applicationTable(s.get());
        }
        if (name.startsWith("module ")) {
            String type = name.substring("module ".length());
            elvis.modnet.ModuleFactory f = elvis.modnet.ModuleRegistry.load().factory(type);
            if (f == null) throw new IllegalArgumentException("docs name a table for an unknown module type '" + type + "'");
            return applicationTable(f.schema()).replaceFirst("Argument", "Parameter");
        }
        throw new IllegalArgumentException("unknown generated table '" + name + "'");
    }

    private static String keyTable(String what, List<Attribute<?>> rows) {
        StringBuilder b = new StringBuilder("| " + what + " | Default | Values | Meaning |\n|---|---|---|---|\n");
        for (Attribute<?> a : rows) {
            b.append("| `").append(a.name()).append("` | ").append(defaultCell(a)).append(" | ").append(a.values())
                    .append(" | ").append(a.doc()).append(" |\n");
        }
        return b.toString();
    }

    /** A port's keys: no default column, an unset one is the network's. */
    private static String portTable(List<Attribute<?>> rows) {
        StringBuilder b = new StringBuilder("| Key | Values | Meaning |\n|---|---|---|\n");
        for (Attribute<?> a : rows) {
            b.append("| `").append(a.name()).append("` | ").append(a.values()).append(" | ").append(a.doc()).append(" |\n");
        }
        return b.toString();
    }

    private static String defaultCell(Attribute<?> a) {
        if (a.isRequired()) return "(required)";
        String d = a.defaultText();
        if (d == null) return "none";
        return d.startsWith("`") || d.contains(" ") || d.equals("none") ? d : "`" + d + "`";
    }

    private static String applicationTable(Schema app) {
        StringBuilder b = new StringBuilder("| Argument | Required | Values | Meaning |\n|---|---|---|---|\n");
        for (Attribute<?> a : app.attributes()) {
            b.append("| `").append(a.name()).append("` | ").append(required(app, a)).append(" | ").append(a.values())
                    .append(" | ").append(a.doc()).append(" |\n");
        }
        return b.toString();
    }

    private static String required(Schema app, Attribute<?> a) {
        if (a.isRequired()) return "yes";
        for (List<String> group : app.anyOf()) {
            if (group.contains(a.name())) return "one of " + String.join(", ", group.stream().map(k -> "`" + k + "`").toList());
        }
        return a.defaultText() == null ? "no" : "no (" + defaultCell(a) + ")";
    }
}

package elvis.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package graph of elvis-core's main sources: no cycle between packages, and the machine knows
 * no protocol (protocols are configuration, found through the stack). Read from the sources:
 * every reference to a class {@code elvis.a.b.C}, imported or written out, is an edge.
 */
class PackageGraphTest {
    private static final Path MAIN = Path.of("src/main/java");
    private static final Pattern REFERENCE = Pattern.compile("\\b(elvis(?:\\.[a-z][a-z0-9]*)*)\\.[A-Z]\\w*");
    private static final Pattern PACKAGE = Pattern.compile("^package (elvis[\\w.]*);", Pattern.MULTILINE);

    /** package -> the packages its classes reference, from the sources under {@code root}. */
    static Map<String, Set<String>> graph(Path root) throws IOException {
        Map<String, Set<String>> edges = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        for (Path f : files) {
            String text = Files.readString(f);
            Matcher pm = PACKAGE.matcher(text);
            if (!pm.find()) continue;
            String from = pm.group(1);
            Set<String> to = edges.computeIfAbsent(from, k -> new TreeSet<>());
            Matcher m = REFERENCE.matcher(text.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", ""));
            while (m.find()) if (!m.group(1).equals(from)) to.add(m.group(1));
        }
        return edges;
    }

    /** The cycles' packages: every strongly connected component of more than one package (Tarjan). */
    static List<Set<String>> cycles(Map<String, Set<String>> edges) {
        Map<String, Integer> index = new HashMap<>(), low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        List<Set<String>> found = new ArrayList<>();
        int[] next = {0};
        for (String v : edges.keySet()) if (!index.containsKey(v)) connect(v, edges, index, low, stack, found, next);
        return found;
    }

    private static void connect(String v, Map<String, Set<String>> edges, Map<String, Integer> index, Map<String, Integer> low,
                                Deque<String> stack, List<Set<String>> found, int[] next) {
        index.put(v, next[0]);
        low.put(v, next[0]++);
        stack.push(v);
        for (String w : edges.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, edges, index, low, stack, found, next);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (stack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) found.add(component);
        }
    }

    @Test
    void noPackageCycle() throws IOException {
        Map<String, Set<String>> g = graph(MAIN);
        assertThat(g).as("sources found").containsKey("elvis.machine");
        assertThat(cycles(g)).as("packages that depend on each other, through: %s", g).isEmpty();
    }

    @Test
    void theMachineKnowsNoProtocol() throws IOException {
        Set<String> used = graph(MAIN).get("elvis.machine");
        assertThat(used).noneMatch(p -> p.startsWith("elvis.protocol"));
    }

    @Test
    void ipv4KnowsNeitherArpNorEthernet() throws IOException {
        assertThat(graph(MAIN).get("elvis.protocol.ipv4")).doesNotContain("elvis.protocol.arp", "elvis.protocol.ethernet");
    }

    /** The checker itself: it finds a cycle where there is one, through a written-out name too. */
    @Test
    void findsACycle(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("a"));
        Files.writeString(dir.resolve("a/A.java"), "package elvis.a;\nimport elvis.b.B;\nclass A { B b; }\n");
        Files.writeString(dir.resolve("a/C.java"), "package elvis.c;\nclass C { elvis.a.A a; /* elvis.b.B not code */ }\n");
        Files.writeString(dir.resolve("a/B.java"), "package elvis.b;\nclass B { elvis.c.C c; }\n");
        assertThat(cycles(graph(dir))).containsExactly(Set.of("elvis.a", "elvis.b", "elvis.c"));
        Files.writeString(dir.resolve("a/C.java"), "package elvis.c;\nclass C { /* elvis.a.A */ }\n");
        assertThat(cycles(graph(dir))).isEmpty();
    }
}

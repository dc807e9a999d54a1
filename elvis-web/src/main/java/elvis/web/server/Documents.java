package elvis.web.server;

import elvis.message.Message;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The immutable documents an {@code http_server} serves, by path ({@code /a/b.html}). Each body is a
 * {@link Message} made once, so serving it a million times copies nothing. Built from a real
 * directory, from a synthetic set of sizes, or as Rusty's corpus; shared by every server that serves
 * the same set.
 */
public final class Documents {
    /** One document: its body and the Content-Type it is served with. */
    public record Document(String path, String contentType, Message body) { }

    /** Rusty's benchmark corpus: the 500 most popular front pages (Alexa), averaging about 136 KB (R-RU-1, seed 003). */
    public static final int RUSTY_PAGES = 500;
    /** Rusty's average response, 12 Gbit/s ÷ 8 ÷ 11,000 requests/s, in bytes (kilobytes of 1,000 bytes). */
    public static final int RUSTY_PAGE_BYTES = 136_000;

    /** Bounds on what a directory may hold: it is read into memory at start. */
    public static final int MAX_FILES = 100_000;
    public static final long MAX_TOTAL_BYTES = 1L << 30;
    /** A synthetic document's size is cut to this (a heavy-tailed distribution may draw anything). */
    public static final long MAX_SYNTHETIC_BYTES = 1L << 30;

    private final Map<String, Document> byPath;
    private final long totalBytes;

    private Documents(Map<String, Document> byPath) {
        this.byPath = Map.copyOf(byPath);
        long t = 0;
        for (Document d : byPath.values()) t += d.body().length();
        this.totalBytes = t;
    }

    /** The document at a decoded, normalised path ({@code /}, {@code /x.htm}), or null. */
    public Document find(String path) { return byPath.get(path); }

    public int size() { return byPath.size(); }

    /** Bytes of all bodies together. */
    public long totalBytes() { return totalBytes; }

    /**
     * Every regular file below {@code root}, read now: {@code root/a/b.html} is {@code /a/b.html}, and
     * a directory's {@code index.html} also answers for the directory ({@code /a/} and {@code /a}).
     * Symbolic links are not followed, so nothing outside {@code root} is ever served.
     *
     * @throws IOException when the directory cannot be read or holds more than {@link #MAX_FILES}
     *         files or {@link #MAX_TOTAL_BYTES} bytes (the message says which)
     */
    public static Documents fromDirectory(Path root) throws IOException {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) throw new IOException(root + " is not a directory");
        Map<String, Document> docs = new HashMap<>();
        long[] total = {0};
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!attrs.isRegularFile()) return FileVisitResult.CONTINUE;     // links, devices, sockets
                if (docs.size() == MAX_FILES) throw new IOException("more than " + MAX_FILES + " files below " + root);
                total[0] += attrs.size();
                if (total[0] > MAX_TOTAL_BYTES) throw new IOException("more than " + MAX_TOTAL_BYTES + " bytes below " + root);
                String path = urlPath(root.relativize(file));
                docs.put(path, new Document(path, contentType(path), Message.wrap(Files.readAllBytes(file))));
                return FileVisitResult.CONTINUE;
            }
        });
        Map<String, Document> withIndexes = new HashMap<>(docs);
        for (Document d : docs.values()) {
            if (!d.path().endsWith("/index.html")) continue;
            String dir = d.path().substring(0, d.path().length() - "index.html".length());
            withIndexes.putIfAbsent(dir, d);
            if (dir.length() > 1) withIndexes.putIfAbsent(dir.substring(0, dir.length() - 1), d);
        }
        return new Documents(withIndexes);
    }

    /**
     * {@code count} documents {@code /0.htm … /(count−1).htm} of synthetic content (zero bytes, which
     * cost no memory) whose sizes are drawn in order from {@code sizes}, in bytes; a draw below 0 is 0
     * and one above {@link #MAX_SYNTHETIC_BYTES} is cut to it.
     */
    public static Documents synthetic(int count, LongSupplier sizes) {
        if (count < 0) throw new IllegalArgumentException("document count " + count);
        Map<String, Document> docs = new HashMap<>();
        for (int i = 0; i < count; i++) {
            long size = Math.clamp(sizes.getAsLong(), 0, MAX_SYNTHETIC_BYTES);
            String path = "/" + i + ".htm";
            docs.put(path, new Document(path, "text/html", Message.zeros((int) size)));
        }
        return new Documents(docs);
    }

    /** The given documents, by their paths. */
    public static Documents of(Document... documents) {
        Map<String, Document> docs = new HashMap<>();
        for (Document d : documents) docs.put(d.path(), d);
        return new Documents(docs);
    }

    /** Rusty's corpus shape: {@link #RUSTY_PAGES} pages {@code /0.htm … /499.htm} of {@link #RUSTY_PAGE_BYTES} each. */
    public static Documents rusty() { return synthetic(RUSTY_PAGES, () -> RUSTY_PAGE_BYTES); }

    private static String urlPath(Path relative) {
        StringBuilder b = new StringBuilder();
        for (Path part : relative) b.append('/').append(part);
        return b.toString();
    }

    /** The media type of a file by its extension; {@code application/octet-stream} when unknown. */
    static String contentType(String path) {
        int dot = path.lastIndexOf('.');
        String ext = dot < 0 || dot < path.lastIndexOf('/') ? "" : path.substring(dot + 1).toLowerCase(Locale.ROOT);
        return switch (ext) {
            case "html", "htm" -> "text/html";
            case "css" -> "text/css";
            case "js", "mjs" -> "text/javascript";
            case "txt" -> "text/plain";
            case "csv" -> "text/csv";
            case "xml" -> "application/xml";
            case "json" -> "application/json";
            case "pdf" -> "application/pdf";
            case "png" -> "image/png";
            case "jpg", "jpeg" -> "image/jpeg";
            case "gif" -> "image/gif";
            case "webp" -> "image/webp";
            case "svg" -> "image/svg+xml";
            case "ico" -> "image/vnd.microsoft.icon";
            default -> "application/octet-stream";
        };
    }
}

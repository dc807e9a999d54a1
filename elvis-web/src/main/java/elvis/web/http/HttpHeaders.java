package elvis.web.http;

import java.util.Arrays;

/**
 * Header fields in the order received or added; names compare case-insensitively (RFC 9110 §5.1).
 * Values are kept as ISO-8859-1 strings with surrounding whitespace removed. Mutable: build one,
 * hand it to an {@link HttpRequest} or {@link HttpResponse}, and leave it alone afterwards.
 */
public final class HttpHeaders {
    private String[] names, values;
    private int size;

    public HttpHeaders() { this(4); }

    HttpHeaders(int capacity) {
        names = new String[capacity];
        values = new String[capacity];
    }

    /** Appends a field (a repeated name is kept as another field, as on the wire). */
    public HttpHeaders add(String name, String value) {
        if (size == names.length) {
            names = Arrays.copyOf(names, Math.max(4, size * 2));
            values = Arrays.copyOf(values, names.length);
        }
        names[size] = name;
        values[size++] = value;
        return this;
    }

    /** Replaces every field of that name by one. */
    public HttpHeaders set(String name, String value) {
        remove(name);
        return add(name, value);
    }

    public HttpHeaders remove(String name) {
        int w = 0;
        for (int r = 0; r < size; r++) {
            if (names[r].equalsIgnoreCase(name)) continue;
            names[w] = names[r];
            values[w++] = values[r];
        }
        Arrays.fill(names, w, size, null);
        Arrays.fill(values, w, size, null);
        size = w;
        return this;
    }

    public int size() { return size; }
    public String name(int i) { return names[checked(i)]; }
    public String value(int i) { return values[checked(i)]; }

    private int checked(int i) {
        if (i < 0 || i >= size) throw new IndexOutOfBoundsException(i);
        return i;
    }

    /** The first value of the field, or null. */
    public String get(String name) {
        for (int i = 0; i < size; i++) if (names[i].equalsIgnoreCase(name)) return values[i];
        return null;
    }

    /** How many fields carry that name. */
    public int count(String name) {
        int n = 0;
        for (int i = 0; i < size; i++) if (names[i].equalsIgnoreCase(name)) n++;
        return n;
    }

    public boolean has(String name) { return get(name) != null; }

    /**
     * True when a comma-separated list field (Connection, Transfer-Encoding) holds {@code token}
     * in any of its fields, ignoring case and parameters.
     */
    public boolean hasToken(String name, String token) {
        for (int i = 0; i < size; i++) {
            if (!names[i].equalsIgnoreCase(name)) continue;
            String v = values[i];
            int from = 0;
            while (from <= v.length()) {
                int comma = v.indexOf(',', from);
                int end = comma < 0 ? v.length() : comma;
                int semi = v.indexOf(';', from);
                if (semi >= 0 && semi < end) end = semi;
                if (v.substring(from, end).strip().equalsIgnoreCase(token)) return true;
                if (comma < 0) break;
                from = comma + 1;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < size; i++) b.append(names[i]).append(": ").append(values[i]).append("\r\n");
        return b.toString();
    }
}

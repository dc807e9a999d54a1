package elvis.ndl;

import elvis.app.ApplicationRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Shared helpers for the NDL tests. */
final class NdlTestSupport {

    private NdlTestSupport() {}

    static String resource(String name) {
        try (InputStream in = NdlTestSupport.class.getResourceAsStream("/ndl/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static NdlResult parse(String text) {
        return Ndl.parse("test.ndl", text, ApplicationRegistry.load());
    }

    /** Re-indents a two-space-indented text with the given unit per level. */
    static String reindent(String twoSpaceText, String unit) {
        StringBuilder out = new StringBuilder();
        for (String line : twoSpaceText.split("\n", -1)) {
            int spaces = 0;
            while (spaces < line.length() && line.charAt(spaces) == ' ') {
                spaces++;
            }
            out.append(unit.repeat(spaces / 2)).append(line.substring(spaces)).append('\n');
        }
        return out.substring(0, out.length() - 1);
    }
}

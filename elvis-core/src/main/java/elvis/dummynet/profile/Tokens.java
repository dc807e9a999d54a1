package elvis.dummynet.profile;

import java.util.ArrayList;
import java.util.List;

/** Lines split into whitespace-separated words with their columns, as the profile and trace formats read them. */
final class Tokens {
    /** One word: its text, its 1-based line and column. */
    record Word(String text, int line, int column) {}

    private Tokens() {}

    /**
     * The words of each line up to a comment: a word that starts with {@code #} ends the line, as
     * ipfw's profile reader has it (so {@code 200#x} is one word and an error, not a comment).
     * Lines without words are left out.
     */
    static List<List<Word>> lines(CharSequence text) {
        List<List<Word>> lines = new ArrayList<>();
        int n = text.length(), line = 1, i = 0;
        while (i <= n) {
            List<Word> words = new ArrayList<>();
            int lineStart = i;
            boolean comment = false;
            while (i < n && text.charAt(i) != '\n') {
                char c = text.charAt(i);
                if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
                    i++;
                    continue;
                }
                int start = i;
                while (i < n && !isSpace(text.charAt(i))) i++;
                if (comment) continue;
                if (c == '#') {
                    comment = true;
                    continue;
                }
                words.add(new Word(text.subSequence(start, i).toString(), line, start - lineStart + 1));
            }
            if (!words.isEmpty()) lines.add(words);
            i++;
            line++;
        }
        return lines;
    }

    private static boolean isSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\n'; }

    /** A plain non-negative decimal {@code digits[.digits]} (ipfw's is_valid_number, which also refuses signs and exponents), or NaN. */
    static double plainNumber(String s) {
        int dots = 0, digits = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.') { if (++dots > 1) return Double.NaN; }
            else if (c >= '0' && c <= '9') digits++;
            else return Double.NaN;
        }
        if (digits == 0 || s.length() > 40) return Double.NaN;
        return Double.parseDouble(s);
    }
}

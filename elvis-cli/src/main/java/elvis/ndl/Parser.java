package elvis.ndl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns NDL text into a tree of {@link Node}s. Reports every syntax error it meets and recovers
 * at the next line, so one run shows all of them.
 */
final class Parser {

    /** Deeper than any valid file needs; bounds the recursion that builds the tree. */
    static final int MAX_DEPTH = 32;

    private enum ArgsEnd { CLOSED, OPEN, BROKEN }

    /** A section while its lines are still being read. */
    private static final class Draft {
        final String name;
        final Pos pos;
        final int level;
        final int indentWidth;
        final List<Arg> args = new ArrayList<>(4);
        Map<String, Arg> keys;               // made past INDEXED arguments; a short list is searched
        final List<Draft> children = new ArrayList<>(0);
        boolean complete = true;

        Draft(String name, Pos pos, int level, int indentWidth) {
            this.name = name;
            this.pos = pos;
            this.level = level;
            this.indentWidth = indentWidth;
        }

        Node build() {
            List<Node> kids = new ArrayList<>(children.size());
            for (Draft d : children) {
                kids.add(d.build());
            }
            children.clear();                  // the drafts below are done with: free them while the tree is built
            return new Node(name, pos, args, kids, complete);
        }
    }

    /** Arguments a section may have before its keys are indexed for the duplicate check. */
    static final int INDEXED = 8;
    /** Most distinct strings shared: enough for the vocabulary of a file, not for each unique name in it. */
    private static final int MAX_SHARED = 4096;

    private final SourceText source;
    private final List<Diagnostic> diagnostics;
    /** Section names, keys and values seen before: a file repeats them, and each copy would cost 50 bytes or so. */
    private final Map<String, String> shared = new HashMap<>();

    /** The indentation character and unit, fixed by the first indented line. */
    private char indentChar;
    private int indentUnit;
    private int indentLine;
    /** A line mixing tabs and four-space levels was reported (once per file). */
    private boolean mixWarned;

    Parser(SourceText source, List<Diagnostic> diagnostics) {
        this.source = source;
        this.diagnostics = diagnostics;
    }

    List<Node> parse() {
        List<Draft> roots = new ArrayList<>();
        List<Draft> stack = new ArrayList<>();
        Draft open = null; // a section whose ']' has not been seen yet
        for (int n = 1; n <= source.lineCount(); n++) {
            String line = source.line(n);
            int ws = leadingWhitespace(line);
            if (ws == line.length() || line.charAt(ws) == '#') {
                continue;
            }
            if (open != null) {
                if (ws > open.indentWidth && line.charAt(ws) != '[') {
                    open = continueArgs(open, line, ws, n);
                    continue;
                }
                error(open.pos.line(), open.pos.col() - 1, "unterminated section [" + open.name + ": missing ']'");
                open.complete = false;
                open = null;
            }
            int level = level(line, ws, n, stack.isEmpty() ? -1 : stack.getLast().level);
            if (line.charAt(ws) != '[') {
                error(n, ws + 1, "expected '[' to start a section");
                continue;
            }
            int nameStart = ws + 1;
            int nameEnd = identifierEnd(line, nameStart);
            if (nameEnd == nameStart) {
                error(n, nameStart + 1, "expected a section name after '['");
                continue;
            }
            while (!stack.isEmpty() && stack.getLast().level >= level) {
                stack.removeLast();
            }
            if (level >= MAX_DEPTH) {
                error(n, ws + 1, "sections are nested too deeply (more than " + MAX_DEPTH + " levels)");
                continue;
            }
            Draft draft = new Draft(share(line.substring(nameStart, nameEnd)), pos(n, nameStart + 1), level, ws);
            (stack.isEmpty() ? roots : stack.getLast().children).add(draft);
            stack.add(draft);
            open = continueArgs(draft, line, nameEnd, n);
        }
        if (open != null) {
            error(open.pos.line(), open.pos.col() - 1, "unterminated section [" + open.name + ": missing ']'");
            open.complete = false;
        }
        List<Node> nodes = new ArrayList<>(roots.size());
        for (Draft d : roots) {
            nodes.add(d.build());
        }
        return nodes;
    }

    /** Reads arguments from {@code from}; returns the draft if its ']' is still to come, else null. */
    private Draft continueArgs(Draft draft, String line, int from, int n) {
        ArgsEnd end = readArgs(draft, line, from, n);
        if (end == ArgsEnd.BROKEN) {
            draft.complete = false;
        }
        return end == ArgsEnd.OPEN ? draft : null;
    }

    private ArgsEnd readArgs(Draft draft, String line, int from, int n) {
        int i = from;
        while (true) {
            i = skipBlanks(line, i);
            if (i == line.length() || line.charAt(i) == '#') {
                return ArgsEnd.OPEN;
            }
            char c = line.charAt(i);
            if (c == ']') {
                i = skipBlanks(line, i + 1);
                if (i < line.length() && line.charAt(i) != '#') {
                    error(n, i + 1, "unexpected text after ']'");
                }
                return ArgsEnd.CLOSED;
            }
            int keyEnd = identifierEnd(line, i);
            if (keyEnd == i) {
                error(n, i + 1, "expected an argument name or ']'");
                return ArgsEnd.BROKEN;
            }
            String key = share(line.substring(i, keyEnd));
            Pos keyPos = pos(n, i + 1);
            i = skipBlanks(line, keyEnd);
            if (i == line.length() || line.charAt(i) != '=') {
                error(n, i + 1, "expected '=' after argument name '" + key + "'");
                return ArgsEnd.BROKEN;
            }
            i = skipBlanks(line, i + 1);
            Pos valuePos = pos(n, i + 1);
            String value;
            if (i < line.length() && line.charAt(i) == '\'') {
                StringBuilder text = new StringBuilder();
                int j = i + 1;
                boolean closed = false;
                while (j < line.length()) {
                    char ch = line.charAt(j);
                    if (ch == '\\' && j + 1 < line.length() && (line.charAt(j + 1) == '\'' || line.charAt(j + 1) == '\\')) {
                        text.append(line.charAt(j + 1));
                        j += 2;
                    } else if (ch == '\'') {
                        closed = true;
                        j++;
                        break;
                    } else {
                        text.append(ch);
                        j++;
                    }
                }
                if (!closed) {
                    error(n, i + 1, "unterminated quoted value: missing closing '");
                    return ArgsEnd.BROKEN;
                }
                value = text.toString();
                i = j;
            } else if (i < line.length() && line.charAt(i) == '"') {
                error(n, i + 1, "values are quoted with single quotes ('), not double quotes");
                return ArgsEnd.BROKEN;
            } else {
                int j = i;
                while (j < line.length() && isBareChar(line.charAt(j))) {
                    j++;
                }
                if (j == i) {
                    error(n, i + 1, "expected a value after '" + key + "='");
                    return ArgsEnd.BROKEN;
                }
                value = line.substring(i, j);
                i = j;
            }
            Arg first = find(draft, key);
            if (first != null) {
                error(n, keyPos.col(), "duplicate argument '" + key + "' (first given at line "
                        + first.keyPos().line() + ", column " + first.keyPos().col() + ")");
            } else {
                Arg arg = new Arg(key, keyPos, share(value), valuePos);
                draft.args.add(arg);
                if (draft.keys != null) draft.keys.put(key, arg);
            }
        }
    }

    /** The argument of {@code draft} with this key, or null. */
    private static Arg find(Draft draft, String key) {
        if (draft.keys == null && draft.args.size() > INDEXED) {
            draft.keys = new HashMap<>();
            for (Arg a : draft.args) draft.keys.put(a.key(), a);
        }
        if (draft.keys != null) return draft.keys.get(key);
        for (Arg a : draft.args) if (a.key().equals(key)) return a;
        return null;
    }

    /** One copy of a string the file repeats (up to MAX_SHARED distinct ones). */
    private String share(String s) {
        String seen = shared.get(s);
        if (seen != null) return seen;
        if (shared.size() < MAX_SHARED) shared.put(s, s);
        return s;
    }

    /**
     * The nesting level of a section line. The first indented line fixes the unit (one tab, or its
     * number of spaces); every other line must use whole units of the same character.
     */
    private int level(String line, int ws, int n, int parentLevel) {
        if (ws == 0) {
            return 0;
        }
        if (indentUnit == 0) {
            indentChar = line.charAt(0);
            indentUnit = indentChar == '\t' ? 1 : Math.max(1, leadingRun(line, ' '));
            indentLine = n;
        }
        int level;
        int foreign = firstOther(line, ws, indentChar);
        int tabs = count(line, ws, '\t');
        if (foreign >= 0 && (indentChar == '\t' || indentUnit == 4) && (ws - tabs) % 4 == 0) {
            // Files written for the original Elvis mix one tab and four spaces per level; it reads them so.
            if (!mixWarned) {
                mixWarned = true;
                warning(n, foreign + 1, "indentation mixes tabs and four-space levels (this file is indented with "
                        + unitName() + " since line " + indentLine + "); read as one level per tab or four spaces,"
                        + " as the original Elvis does (further lines like this are not reported)");
            }
            level = tabs + (ws - tabs) / 4;
        } else if (foreign >= 0) {
            boolean mixed = firstOther(line, ws, line.charAt(foreign)) >= 0;
            error(n, foreign + 1, mixed
                    ? "indentation mixes tabs and spaces"
                    : "indentation uses " + (indentChar == '\t' ? "spaces" : "tabs") + " but this file is indented with "
                            + unitName() + " (since line " + indentLine + ")");
            level = guessLevel(line, ws);
        } else if (ws % indentUnit != 0) {
            error(n, ws + 1, "indentation of " + ws + " spaces is not a multiple of " + unitName()
                    + " (the unit set by line " + indentLine + ")");
            level = ws / indentUnit;
        } else {
            level = ws / indentUnit;
        }
        if (level > parentLevel + 1) {
            error(n, ws + 1, "section indented too deeply: expected at most " + (parentLevel + 1) + " level"
                    + (parentLevel + 1 == 1 ? "" : "s") + " of indentation here");
            level = parentLevel + 1;
        }
        return level;
    }

    /** For recovery only: reads a tab as one level and spaces in units (4 when the file uses tabs). */
    private int guessLevel(String line, int ws) {
        int spacesPerLevel = indentChar == '\t' ? 4 : indentUnit;
        int tabs = count(line, ws, '\t');
        return tabs + ((ws - tabs) + spacesPerLevel - 1) / spacesPerLevel;
    }

    private static int count(String line, int end, char c) {
        int k = 0;
        for (int i = 0; i < end; i++) {
            k += line.charAt(i) == c ? 1 : 0;
        }
        return k;
    }

    private String unitName() {
        return indentChar == '\t' ? "tabs" : indentUnit + " space" + (indentUnit == 1 ? "" : "s");
    }

    private static int firstOther(String line, int end, char expected) {
        for (int i = 0; i < end; i++) {
            if (line.charAt(i) != expected) {
                return i;
            }
        }
        return -1;
    }

    private static int leadingRun(String line, char c) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == c) {
            i++;
        }
        return i;
    }

    private static int leadingWhitespace(String line) {
        return skipBlanks(line, 0);
    }

    private static int skipBlanks(String line, int i) {
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    /** End of an identifier {@code [A-Za-z_][A-Za-z0-9_-]*} starting at i (i itself when there is none). */
    static int identifierEnd(String s, int i) {
        if (i >= s.length() || !(isLetter(s.charAt(i)) || s.charAt(i) == '_')) {
            return i;
        }
        int j = i + 1;
        while (j < s.length() && (isLetter(s.charAt(j)) || isDigit(s.charAt(j)) || s.charAt(j) == '_' || s.charAt(j) == '-')) {
            j++;
        }
        return j;
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isBareChar(char c) {
        return c != ' ' && c != '\t' && c != '[' && c != ']' && c != '\'' && c != '"' && c != '#' && c != '=';
    }

    private Pos pos(int line, int col) {
        return new Pos(source.file(), line, col);
    }

    private void error(int line, int col, String message) {
        diagnostics.add(new Diagnostic(Diagnostic.Severity.ERROR, pos(line, col), message));
    }

    private void warning(int line, int col, String message) {
        diagnostics.add(new Diagnostic(Diagnostic.Severity.WARNING, pos(line, col), message));
    }
}

package elvis.dist;

import elvis.util.SourceError;

import java.util.regex.Pattern;

/** Numbers with an optional unit suffix, checked before conversion so that absurd text costs nothing. */
final class Numbers {
    private Numbers() {}

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d{1,3})?");
    private static final Pattern SUFFIX = Pattern.compile("[A-Za-z]{0,4}");
    private static final int MAX_LENGTH = 40;

    /**
     * The value of {@code text} (a number, then an optional unit of {@code q}) in q's base unit, or a
     * SourceError at (line, column) naming what was expected.
     */
    static double parse(String text, Quantity q, String source, int line, int column, String what) throws SourceError {
        if (text.isEmpty()) throw new SourceError(source, line, column, "missing " + what);
        int split = text.length();
        while (split > 0 && Character.isLetter(text.charAt(split - 1))) split--;
        String number = text.substring(0, split), suffix = text.substring(split);
        if (text.length() > MAX_LENGTH || !NUMBER.matcher(number).matches() || !SUFFIX.matcher(suffix).matches()) {
            throw new SourceError(source, line, column, "invalid " + what + " '" + clip(text) + "': expected a number"
                    + (q == Quantity.NUMBER ? "" : " with an optional unit (" + q.suffixList() + ")"));
        }
        double value = q.scale(Double.parseDouble(number), suffix);
        if (Double.isNaN(value)) {
            throw new SourceError(source, line, column + split, "unknown unit '" + suffix + "' in " + what
                    + ": expected " + q.suffixList());
        }
        if (Double.isInfinite(value)) throw new SourceError(source, line, column, what + " '" + clip(text) + "' is out of range");
        return value;
    }

    static String clip(String text) {
        return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH) + "…";
    }
}

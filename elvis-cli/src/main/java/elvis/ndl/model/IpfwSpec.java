package elvis.ndl.model;

import elvis.ndl.Pos;
import java.util.List;

/**
 * A machine's {@code [Ipfw]} section: ipfw command lines in order, each with the position of its
 * first character in the NDL file (so an error's column in the line maps into the file), and
 * whether the default rule 65535 allows.
 */
public record IpfwSpec(boolean defaultAllow, List<Line> lines) {
    public IpfwSpec {
        lines = List.copyOf(lines);
    }

    /** One ipfw line and where its text starts. */
    public record Line(String text, Pos pos) {
        /** The position of 1-based {@code column} of the line. */
        public Pos at(int column) { return new Pos(pos.file(), pos.line(), pos.col() + column - 1); }
    }
}

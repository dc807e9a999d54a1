package elvis.app;

import elvis.config.Attribute;
import elvis.config.Units;

/** The ranges every application argument of a kind is checked against before its factory narrows them. */
final class Declare {
    static final long MAX_DURATION = 8760 * 3600 * Units.NANOS_PER_SECOND;
    static final long MAX_SIZE = 1L << 40;

    private Declare() { }

    static Attribute<Long> count(String name) { return Attribute.wholeNumber(name, 0, Long.MAX_VALUE); }

    static Attribute<Long> size(String name) { return Attribute.size(name, 0, MAX_SIZE); }

    static Attribute<Long> duration(String name) { return Attribute.duration(name, 0, MAX_DURATION); }

    /** When an application starts, 0 = at once. */
    static Attribute<Long> start(String what) { return duration("start").byDefault(0L).doc(what); }

    /** {@code transport}: UDP (the default) or TCP. */
    static final Attribute<String> TRANSPORT = Attribute.choice("transport", "udp", "tcp").byDefault("udp")
            .doc("`udp`, or `tcp` for one connection carrying the messages as a stream");
}

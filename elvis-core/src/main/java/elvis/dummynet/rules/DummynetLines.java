package elvis.dummynet.rules;

import elvis.config.Units;
import elvis.dummynet.Dummynet;
import elvis.dummynet.PipeConfig;

import java.util.Locale;

/**
 * The one place where ipfw's {@code pipe|queue|sched N config ...} lines reach the dummynet engine.
 * <p>
 * Interim, until the engine's own parser is merged: it reads only {@code pipe N config} with
 * {@code bw} (dummynet's spellings: {@code 256 Kbit/s}, {@code 4Mbit/s}, {@code 1 Mbit/s}, a bare
 * number of bit/s) and {@code delay} (ms when bare, or with a unit), and refuses every other
 * keyword with a located error naming it.
 */
public final class DummynetLines implements Ipfw.ObjectConfig {
    private final Dummynet engine;

    private DummynetLines(Dummynet engine) { this.engine = engine; }

    public static DummynetLines of(Dummynet engine) { return new DummynetLines(engine); }

    @Override
    public void configure(String line, int column) {
        Ipfw.Tokens t = new Ipfw.Tokens(line);
        while (t.peek().column() < column) t.next();
        Ipfw.Token kind = t.next();
        if (!kind.lower().equals("pipe")) throw kind.error("'" + kind.text() + " N config' lines are not read yet (only pipe lines with bw and delay)");
        Ipfw.Token id = t.expect("a pipe number");
        String number = Integer.toString(id.integer(1, 65_534, "pipe number"));
        Ipfw.Token config = t.expect("config");
        if (!config.lower().equals("config")) throw config.error("expected 'config' after the pipe number, found '" + config.text() + "'");
        PipeConfig pipe = PipeConfig.defaults(number);
        while (!t.done()) {
            Ipfw.Token key = t.next();
            switch (key.lower()) {
                case "bw" -> {
                    Ipfw.Token value = t.expect("a bandwidth, e.g. 256 Kbit/s");
                    String text = value.text();
                    if (!t.done() && t.peek().lower().matches("[kmg]?bit/s|[kmg]?byte/s")) text += t.next().text();
                    pipe = pipe.withBandwidth(bandwidth(value, text));
                }
                case "delay" -> {
                    Ipfw.Token value = t.expect("a delay, e.g. 20ms");
                    String text = value.text().matches("[0-9]+") ? value.text() + "ms" : value.text();
                    try {
                        pipe = pipe.withDelayNs(Units.duration(text, "delay", 3_600 * Units.NANOS_PER_SECOND, "1h"));
                    } catch (Units.BadValue e) {
                        throw value.error(e.getMessage());
                    }
                }
                default -> throw key.error("pipe parameter '" + key.text() + "' is not read yet (only bw and delay)");
            }
        }
        engine.configure(pipe);
    }

    /** dummynet's bandwidth: a number and [K|M|G]bit/s or [K|M|G]Byte/s (K = 1000). */
    private static long bandwidth(Ipfw.Token at, String text) {
        String s = text.toLowerCase(Locale.ROOT);
        long scale = 1;
        if (s.endsWith("bit/s")) s = s.substring(0, s.length() - 5);
        else if (s.endsWith("byte/s")) { s = s.substring(0, s.length() - 6); scale = 8; }
        if (s.endsWith("k")) { scale *= 1_000; s = s.substring(0, s.length() - 1); }
        else if (s.endsWith("m")) { scale *= 1_000_000; s = s.substring(0, s.length() - 1); }
        else if (s.endsWith("g")) { scale *= 1_000_000_000; s = s.substring(0, s.length() - 1); }
        try {
            return Math.round(Double.parseDouble(s) * scale);     // NumberFormatException: caught below
        } catch (NumberFormatException e) {
            throw at.error("'" + text + "' is not a bandwidth (e.g. 256 Kbit/s, 4Mbit/s)");
        }
    }
}

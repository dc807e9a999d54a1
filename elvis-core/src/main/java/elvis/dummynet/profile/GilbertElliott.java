package elvis.dummynet.profile;

import elvis.util.SourceError;
import elvis.config.Units;
import elvis.sim.RandomStream;

/**
 * Gilbert-Elliott bursty loss (our extension; not a dummynet parameter): a two-state Markov chain
 * stepped once per transmitted frame, good → bad with probability {@code p}, bad → good with
 * {@code r}; a frame is lost with {@code lossBad} in the bad state and {@code lossGood} in the good
 * one. Long-run loss = (r · lossGood + p · lossBad) / (p + r). Written as netem's {@code gemodel}
 * orders it: {@code ge:p,r[,lossBad[,lossGood]]} (netem's 1−h and 1−k), defaults 100% and 0%
 * (the plain Gilbert model); each a fraction {@code 0.01} or a percentage {@code 1%}.
 */
public record GilbertElliott(double p, double r, double lossBad, double lossGood) implements elvis.dummynet.WireLoss {
    public static final String PREFIX = "ge:";

    public GilbertElliott {
        for (double v : new double[] {p, r, lossBad, lossGood})
            if (!(v >= 0 && v <= 1)) throw new IllegalArgumentException("Gilbert-Elliott probabilities must be within 0..1: " + v);
        if (p + r == 0) throw new IllegalArgumentException("Gilbert-Elliott needs p or r above 0");
    }

    /** The stationary loss rate. */
    public double stationaryLoss() { return (r * lossGood + p * lossBad) / (p + r); }

    /** One frame: whether it is lost in the state {@code bad[0]}, then the chain's step. */
    @Override
    public boolean lose(boolean[] bad, RandomStream random) {
        boolean lost = random.chance(bad[0] ? lossBad : lossGood);
        bad[0] = bad[0] ? !random.chance(r) : random.chance(p);
        return lost;
    }

    /** Reads {@code ge:p,r[,lossBad[,lossGood]]}; errors name {@code file:line:column}, counting from the spec's first character at {@code column}. */
    public static GilbertElliott parse(String spec, String file, int line, int column) throws SourceError {
        if (!spec.startsWith(PREFIX)) throw new SourceError(file, line, column, "a loss model is 'ge:p,r[,loss_bad[,loss_good]]', got '" + spec + "'");
        String[] parts = spec.substring(PREFIX.length()).split(",", -1);
        if (parts.length < 2 || parts.length > 4)
            throw new SourceError(file, line, column, "'ge:' takes 2 to 4 values (p, r, loss in the bad state, loss in the good state), got " + parts.length);
        String[] names = {"p", "r", "loss_bad", "loss_good"};
        double[] v = {0, 0, 1, 0};
        int at = column + PREFIX.length();
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Units.fraction(parts[i].strip(), "Gilbert-Elliott " + names[i]);
            } catch (Units.BadValue e) {
                throw new SourceError(file, line, at, e.getMessage());
            }
            at += parts[i].length() + 1;
        }
        if (v[0] + v[1] == 0) throw new SourceError(file, line, column + PREFIX.length(), "p and r cannot both be 0");
        return new GilbertElliott(v[0], v[1], v[2], v[3]);
    }
}

package elvis.web.site;

import elvis.dist.Histogram;
import elvis.sim.RandomStream;

/**
 * Draws a page's numbers from {@link SiteDistributions} (R-WEB-2): a bucket with probability
 * proportional to its count (alias table, O(1)), then a value uniform within
 * [lower, lower + width) — the last bucket is as wide as the others. Sizes are kilobytes of 1,000
 * bytes, floored to whole bytes; counts are floored, so a 30-wide links bucket at 30 gives 30 … 59.
 * In compat mode each value is its bucket's lower bound, rounded, as the original Elvis drew them
 * (but with kilobytes still 1,000 bytes, not bytes). Every draw is from the stream handed in.
 */
public record SiteSampler(SiteDistributions distributions, boolean compat) {

    public int pageBytes(RandomStream r) { return kilobytes(distributions.pageSizeKb(), r); }

    public int links(RandomStream r) { return count(distributions.numLinks(), r); }

    public int images(RandomStream r) { return count(distributions.numImages(), r); }

    public int imageBytes(RandomStream r) { return kilobytes(distributions.imageSizeKb(), r); }

    private int kilobytes(Histogram h, RandomStream r) {
        return (int) (compat ? Math.round(h.sampleLowerBound(r) * 1000) : Math.floor(h.sample(r) * 1000));
    }

    private int count(Histogram h, RandomStream r) {
        return (int) (compat ? Math.round(h.sampleLowerBound(r)) : Math.floor(h.sample(r)));
    }
}

package elvis.web.site;

import java.util.List;

/**
 * One page of a {@link Site}, as sampled: its path, its HTML size in bytes and the paths its
 * {@code <a href>} and {@code <img src>} tags point to, in document order. {@code links} and
 * {@code images} are what the HTML holds; {@code sampledLinks} and {@code sampledImages} what was
 * drawn, larger only when the tags would not fit in {@code size} bytes and the last ones were dropped
 * (see {@link Site}).
 */
public record Page(String path, int size, List<String> links, List<String> images, int sampledLinks, int sampledImages) {

    /** True when tags were dropped so that the HTML is exactly {@code size} bytes. */
    public boolean trimmed() { return links.size() < sampledLinks || images.size() < sampledImages; }
}

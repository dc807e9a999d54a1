package elvis.web.site;

import elvis.message.Message;
import elvis.sim.RandomStream;
import elvis.util.SourceError;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A web site generated from {@link SiteDistributions}: a page is a pure function of (site seed, path),
 * so the same URL always gives the same bytes, and nothing is stored per page; a 600 KB page is built
 * on demand from a few KB of tags and a shared zero-filled padding.
 *
 * <p>Paths: the root {@code /} and {@code /page/N.html} for N in 1 … pages−1 are pages;
 * {@code /img/N.jpg} for N in 0 … images−1 are images; anything else is not part of the site
 * ({@link #page} and {@link #imageSize} say so, the server answers 404).
 *
 * <p>Sampling is {@link SiteSampler}'s (within buckets, kilobytes of 1,000 bytes; {@code compat} for
 * the original's lower bounds). A page draws, from {@code RandomStream.forEntity(siteSeed, path)}, its
 * size, link count, image count, then its link targets and image ids; an image draws its size from
 * the stream of its own path.
 *
 * <p>A page links to pages other than itself, chosen uniformly, and shows images chosen uniformly from
 * the image space, whose sizes follow image_size. The root has at least one link: its link count is
 * redrawn while it is 0, and its size is raised if one link would not fit.
 *
 * <p>HTML, exactly {@code size} bytes: a head ({@code <!DOCTYPE html>}, {@code <html>}, a title with the
 * path), one {@code <a href="…">} line per link, one {@code <img src="…">} line per image, the padding,
 * and {@code </body></html>}. The padding is an HTML comment whose inside is NUL bytes (a zero-filled
 * {@link Message} slice, so it costs no memory and its checksum is free); browsers and dissectors read
 * a NUL inside a comment as a recoverable parse error and go on, and {@link HtmlExtractor} skips
 * comments. Padding shorter than a comment (7 bytes) is spaces. When the tags do not fit, the last
 * ones in document order (images, then links) are dropped; pages smaller than head and tail together
 * are that many spaces with no tags. {@link Page#trimmed()} tells such pages apart.
 *
 * <p>A server answers a request like this, and a user reads the links with {@link HtmlExtractor}:
 * <pre>
 *   Site site = new Site(SiteDistributions.yahoo(), RandomStream.forEntity(runSeed, name).nextLong(),
 *                        false, Site.DEFAULT_PAGES, Site.DEFAULT_PAGES);
 *   Page page = site.page(path);
 *   if (page != null) reply("text/html", Site.html(page));
 *   else if (site.isImage(path)) reply("image/jpeg", site.image(path));
 *   else reply404();
 * </pre>
 * Immutable and thread-safe.
 */
public final class Site {
    public static final int DEFAULT_PAGES = 1_000_000;
    public static final String ROOT = "/";

    private static final String PAGE_PREFIX = "/page/", PAGE_SUFFIX = ".html";
    private static final String IMAGE_PREFIX = "/img/", IMAGE_SUFFIX = ".jpg";
    // Shared, never written: every page's padding and tail are slices of these.
    private static final byte[] COMMENT_OPEN = "<!--".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COMMENT_CLOSE = "-->".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TAIL = "</body></html>\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SPACES = " ".repeat(64).getBytes(StandardCharsets.US_ASCII);

    private final SiteDistributions distributions;
    private final SiteSampler sampler;
    private final long seed;
    private final boolean compat;
    private final int pages, images;

    /**
     * @param seed   the site seed; two sites with the same seed and distributions are identical
     * @param compat the original's lower-bound sampling instead of sampling within buckets
     * @param pages  the number of pages (≥ 1; the root is one of them)
     * @param images the number of distinct images (≥ 1)
     */
    public Site(SiteDistributions distributions, long seed, boolean compat, int pages, int images) {
        if (pages < 1 || images < 1) throw new IllegalArgumentException("a site needs at least one page and one image");
        this.distributions = distributions;
        this.sampler = new SiteSampler(distributions, compat);
        this.seed = seed;
        this.compat = compat;
        this.pages = pages;
        this.images = images;
    }

    /** A site of {@link #DEFAULT_PAGES} pages and as many images from {@link SiteDistributions#named}. */
    public static Site load(String site, Path baseDir, long seed, boolean compat) throws IOException, SourceError {
        return new Site(SiteDistributions.named(site, baseDir), seed, compat, DEFAULT_PAGES, DEFAULT_PAGES);
    }

    public SiteDistributions distributions() { return distributions; }
    public long seed() { return seed; }
    public boolean compat() { return compat; }
    public int pages() { return pages; }
    public int images() { return images; }
    public String rootPath() { return ROOT; }

    /** The path of page {@code id} (0 is the root). */
    public static String pagePath(int id) { return id == 0 ? ROOT : PAGE_PREFIX + id + PAGE_SUFFIX; }

    public static String imagePath(int id) { return IMAGE_PREFIX + id + IMAGE_SUFFIX; }

    /** True when {@code path} is one of this site's pages (nothing is generated). */
    public boolean isPage(String path) {
        return path.equals(ROOT) || number(path, PAGE_PREFIX, PAGE_SUFFIX, pages) > 0;
    }

    /** True when {@code path} is one of this site's images. */
    public boolean isImage(String path) { return number(path, IMAGE_PREFIX, IMAGE_SUFFIX, images) >= 0; }

    /** The page at {@code path}, or null when the path is not one of this site's pages. */
    public Page page(String path) {
        if (!isPage(path)) return null;
        return fit(sample(path, path.equals(ROOT) ? 0 : number(path, PAGE_PREFIX, PAGE_SUFFIX, pages)));
    }

    /** The HTML of the page at {@code path} ({@link Page#size()} bytes), or null when there is none. */
    public Message html(String path) {
        Page p = page(path);
        return p == null ? null : html(p);
    }

    /** The HTML of {@code page} (one of this site's): exactly {@link Page#size()} bytes. */
    public static Message html(Page page) {
        String head = head(page.path());
        if (page.size() < head.length() + TAIL.length) return spaces(page.size());
        int length = head.length();
        for (String l : page.links()) length += LINK_OPEN.length + l.length() + LINK_CLOSE.length;
        for (String i : page.images()) length += IMAGE_OPEN.length + i.length() + IMAGE_CLOSE.length;
        byte[] tags = new byte[length];
        int at = ascii(head, tags, 0);
        for (String l : page.links()) at = piece(LINK_CLOSE, tags, ascii(l, tags, piece(LINK_OPEN, tags, at)));
        for (String i : page.images()) at = piece(IMAGE_CLOSE, tags, ascii(i, tags, piece(IMAGE_OPEN, tags, at)));
        int padding = page.size() - length - TAIL.length;
        if (padding < COMMENT_OPEN.length + COMMENT_CLOSE.length) {
            return Message.concat(new Message[] {Message.wrap(tags), spaces(padding), Message.wrap(TAIL)}, 3);
        }
        return Message.concat(new Message[] {Message.wrap(tags), Message.wrap(COMMENT_OPEN),
                Message.zeros(padding - COMMENT_OPEN.length - COMMENT_CLOSE.length), Message.wrap(COMMENT_CLOSE), Message.wrap(TAIL)}, 5);
    }

    private static int piece(byte[] piece, byte[] dst, int at) {
        System.arraycopy(piece, 0, dst, at, piece.length);
        return at + piece.length;
    }

    /** Paths are ASCII (the site makes them), so a char is a byte. */
    private static int ascii(String s, byte[] dst, int at) {
        for (int k = 0; k < s.length(); k++) dst[at + k] = (byte) s.charAt(k);
        return at + s.length();
    }

    /** The size in bytes of the image at {@code path}, or −1 when the path is not one of this site's images. */
    public int imageSize(String path) {
        if (!isImage(path)) return -1;
        return sampler.imageBytes(RandomStream.forEntity(seed, path));
    }

    /** The image at {@code path} as zero bytes (content does not matter, only its size), or null. */
    public Message image(String path) {
        int size = imageSize(path);
        return size < 0 ? null : Message.zeros(size);
    }

    // ---- sampling -------------------------------------------------------------------------------

    private record Draw(String path, int size, int[] linkIds, int[] imageIds) {}

    private Draw sample(String path, int id) {
        RandomStream r = RandomStream.forEntity(seed, path);
        int size = sampler.pageBytes(r);
        int links = sampler.links(r);
        if (id == 0) {
            while (links == 0) links = sampler.links(r);
        }
        int imageCount = sampler.images(r);
        int[] linkIds = new int[links];
        for (int k = 0; k < links; k++) {
            if (pages == 1) break;   // the only page: all its links point to itself
            int target = (int) r.nextLong(pages - 1);
            linkIds[k] = target >= id ? target + 1 : target;
        }
        int[] imageIds = new int[imageCount];
        for (int k = 0; k < imageCount; k++) imageIds[k] = (int) r.nextLong(images);
        return new Draw(path, size, linkIds, imageIds);
    }

    /** N when {@code path} is prefix + N + suffix with N written canonically and below {@code limit}, else −1. */
    static int number(String path, String prefix, String suffix, int limit) {
        int from = prefix.length(), to = path.length() - suffix.length();
        if (to <= from || to - from > 10 || !path.startsWith(prefix) || !path.endsWith(suffix)) return -1;
        if (path.charAt(from) == '0' && to - from > 1) return -1;
        long n = 0;
        for (int i = from; i < to; i++) {
            char c = path.charAt(i);
            if (c < '0' || c > '9') return -1;
            n = n * 10 + (c - '0');
        }
        return n < limit ? (int) n : -1;
    }

    // ---- HTML ------------------------------------------------------------------------------------

    private static String head(String path) {
        return "<!DOCTYPE html>\n<html><head><title>" + path + "</title></head><body>\n";
    }

    private static final byte[] LINK_OPEN = "<a href=\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LINK_CLOSE = "\">link</a>\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] IMAGE_OPEN = "<img src=\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] IMAGE_CLOSE = "\" alt=\"\">\n".getBytes(StandardCharsets.US_ASCII);

    private static int linkTagLength(String target) { return LINK_OPEN.length + target.length() + LINK_CLOSE.length; }

    private static int imageTagLength(String src) { return IMAGE_OPEN.length + src.length() + IMAGE_CLOSE.length; }

    private static Message spaces(int n) {
        if (n == 0) return Message.EMPTY;
        Message[] parts = new Message[(n + SPACES.length - 1) / SPACES.length];
        for (int i = 0; i < parts.length; i++) parts[i] = Message.wrap(SPACES, 0, Math.min(SPACES.length, n - i * SPACES.length));
        return Message.concat(parts, parts.length);
    }

    /** The page with the tags that fit in its size (the last ones in document order dropped). */
    private static Page fit(Draw d) {
        String head = head(d.path);
        List<String> links = new ArrayList<>(d.linkIds.length), imgs = new ArrayList<>(d.imageIds.length);
        int used = head.length() + TAIL.length;
        int size = d.size;
        boolean root = d.path.equals(ROOT);
        if (root) {
            // The root keeps one link whatever its size.
            size = Math.max(size, used + linkTagLength(pagePath(d.linkIds.length > 0 ? d.linkIds[0] : 0)));
        }
        if (size < used) return new Page(d.path, size, List.of(), List.of(), d.linkIds.length, d.imageIds.length);
        for (int id : d.linkIds) {
            String p = pagePath(id);
            int n = linkTagLength(p);
            if (used + n > size) break;
            used += n;
            links.add(p);
        }
        if (links.size() == d.linkIds.length) {
            for (int id : d.imageIds) {
                String p = imagePath(id);
                int n = imageTagLength(p);
                if (used + n > size) break;
                used += n;
                imgs.add(p);
            }
        }
        return new Page(d.path, size, List.copyOf(links), List.copyOf(imgs), d.linkIds.length, d.imageIds.length);
    }
}

package elvis.web.user;

import java.util.Arrays;

/**
 * What one browsing user did, page by page, in virtual nanoseconds: when the user asked for each
 * page, how long until its last image arrived, the bytes it took (HTML and the images not cached),
 * how many images it fetched, and how long the user then read it. Growable arrays of primitives: a user of an hour holds a few
 * hundred longs.
 */
public final class BrowsingRecord {
    private long[] requestedNs = new long[8], loadNs = new long[8], bytes = new long[8], dwellNs = new long[8];
    private int[] imageCounts = new int[8];
    private int pages, dwells;
    long images, errors, sessions;

    void page(long requestedAtNs, long loadTimeNs, long pageBytes, int imagesFetched) {
        if (pages == requestedNs.length) {
            int n = pages * 2;
            requestedNs = Arrays.copyOf(requestedNs, n);
            loadNs = Arrays.copyOf(loadNs, n);
            bytes = Arrays.copyOf(bytes, n);
            dwellNs = Arrays.copyOf(dwellNs, n);
            imageCounts = Arrays.copyOf(imageCounts, n);
        }
        requestedNs[pages] = requestedAtNs;
        loadNs[pages] = loadTimeNs;
        bytes[pages] = pageBytes;
        imageCounts[pages] = imagesFetched;
        pages++;
    }

    /** The dwell time of the last page recorded (the user read it that long, or until the run or its duration ended). */
    void dwell(long ns) { dwellNs[dwells++] = ns; }

    public int pages() { return pages; }
    public long images() { return images; }
    public long errors() { return errors; }
    public long sessions() { return sessions; }
    public int dwells() { return dwells; }

    public long requestedNs(int page) { return requestedNs[check(page)]; }
    public long loadNs(int page) { return loadNs[check(page)]; }
    public long bytes(int page) { return bytes[check(page)]; }
    /** The images fetched for the page (those not already fetched this session). */
    public int imagesFetched(int page) { return imageCounts[check(page)]; }
    public long dwellNs(int page) {
        if (page >= dwells) throw new IndexOutOfBoundsException(page);
        return dwellNs[page];
    }

    public long totalBytes() {
        long sum = 0;
        for (int i = 0; i < pages; i++) sum += bytes[i];
        return sum;
    }

    /** The page load times, in order. */
    public long[] loadTimes() { return Arrays.copyOf(loadNs, pages); }

    /** The dwell times, in order. */
    public long[] dwellTimes() { return Arrays.copyOf(dwellNs, dwells); }

    private int check(int page) {
        if (page >= pages) throw new IndexOutOfBoundsException(page);
        return page;
    }
}

package elvis.web.user;

import elvis.machine.Machine;
import elvis.protocol.ipv4.Ipv4Address;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code web} section of a run's results (R-WEB-7): over all browsing users, per server they
 * browsed, and per user; with Jain's index of pages per user. Empty when the run has no user.
 */
public final class WebReport {
    private WebReport() { }

    /** Every user of {@code machines}, in machine order. */
    public static List<WebUser> users(List<Machine> machines) {
        List<WebUser> all = new ArrayList<>();
        for (Machine m : machines) all.addAll(WebUser.on(m));
        return all;
    }

    /**
     * What the report needs of one user, in a form that travels between processes (a partitioned run's
     * partitions each send theirs): its counts, its samples, the span of its pages and its own results.
     */
    public record User(String machine, String server, long pages, long images, long bytes, long errors, long[] loads, long[] dwells,
                       long[] requested, long[] pageBytes, long firstRequestNs, long lastLoadedNs, Map<String, Object> results) {
        public static User of(WebUser u) {
            BrowsingRecord r = u.record();
            long first = Long.MAX_VALUE, last = 0;
            long[] requested = new long[r.pages()], pageBytes = new long[r.pages()];
            for (int p = 0; p < r.pages(); p++) {
                requested[p] = r.requestedNs(p);
                pageBytes[p] = r.bytes(p);
                first = Math.min(first, r.requestedNs(p));
                last = Math.max(last, r.requestedNs(p) + r.loadNs(p));
            }
            return new User(u.machineName(), WebReport.server(u), r.pages(), r.images(), r.totalBytes(), r.errors(), r.loadTimes(), r.dwellTimes(),
                    requested, pageBytes, first, last, u.results());
        }
    }

    /** The web block over {@code users} in machine order (every user of the run); empty when there is none. */
    public static Map<String, Object> of(List<User> users) {
        Map<String, Object> web = new LinkedHashMap<>();
        if (users.isEmpty()) return web;
        long pages = 0, images = 0, bytes = 0, errors = 0, starved = 0;
        long[] pagesPerUser = new long[users.size()];
        List<long[]> loads = new ArrayList<>(), dwells = new ArrayList<>();
        Map<String, long[]> servers = new TreeMap<>();           // address:port → users, pages, images, bytes, first request, last page loaded
        List<Map<String, Object>> perUser = new ArrayList<>();
        for (int i = 0; i < users.size(); i++) {
            User u = users.get(i);
            pages += u.pages();
            images += u.images();
            bytes += u.bytes();
            errors += u.errors();
            if (u.pages() == 0) starved++;
            pagesPerUser[i] = u.pages();
            loads.add(u.loads());
            dwells.add(u.dwells());
            long[] s = servers.computeIfAbsent(u.server(), k -> new long[] {0, 0, 0, 0, Long.MAX_VALUE, 0});
            s[0]++;
            s[1] += u.pages();
            s[2] += u.images();
            s[3] += u.bytes();
            s[4] = Math.min(s[4], u.firstRequestNs());
            s[5] = Math.max(s[5], u.lastLoadedNs());
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("machine", u.machine());
            one.putAll(u.results());
            perUser.add(one);
        }
        web.put("users", users.size());
        web.put("pages", pages);
        web.put("images", images);
        web.put("bytes", bytes);
        web.put("errors", errors);
        web.put("starved", starved);
        web.put("fairness_jain", WebStats.round(Fairness.jain(pagesPerUser)));
        web.put("page_load_ms", WebStats.summary(concat(loads)));
        web.put("dwell_s", WebStats.summarySeconds(concat(dwells)));
        List<Map<String, Object>> perServer = new ArrayList<>();
        for (var e : servers.entrySet()) {
            long[] s = e.getValue();
            double seconds = Math.max(1, s[5] - s[4]) / 1e9;    // from the first request to the last page loaded
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("server", e.getKey());
            one.put("users", s[0]);
            one.put("pages", s[1]);
            one.put("images", s[2]);
            one.put("bytes", s[3]);
            one.put("requests_per_s", WebStats.round((s[1] + s[2]) / seconds));
            one.put("bytes_per_s", WebStats.round(s[3] / seconds));
            perServer.add(one);
        }
        web.put("servers", perServer);
        web.put("per_user", perUser);
        return web;
    }

    /** The summary line. */
    @SuppressWarnings("unchecked")
    public static String line(Map<String, Object> web) {
        Map<String, Object> load = (Map<String, Object>) web.get("page_load_ms"), dwell = (Map<String, Object>) web.get("dwell_s");
        return String.format("web users: %,d users, %,d pages, %,d images, %,d bytes, %,d errors; page load p50 %s, p99 %s; dwell mean %s; Jain %.3f%s",
                web.get("users"), web.get("pages"), web.get("images"), web.get("bytes"), web.get("errors"),
                number(load.get("p50"), "%.1f ms"), number(load.get("p99"), "%.1f ms"), number(dwell.get("mean"), "%.1f s"),
                (Double) web.get("fairness_jain"), (Long) web.get("starved") > 0 ? ", " + web.get("starved") + " starved" : "");
    }

    private static String number(Object value, String format) { return value == null ? "-" : String.format(format, value); }

    /** "address:port" of the server a user browses. */
    public static String server(WebUser u) { return Ipv4Address.format(u.config().server()) + ":" + u.config().port(); }

    /** The arrays one after another (the samples of several users). */
    public static long[] concat(List<long[]> parts) {
        int n = 0;
        for (long[] p : parts) n += p.length;
        long[] all = new long[n];
        int at = 0;
        for (long[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}

package elvis.web.video;

import java.util.ArrayList;
import java.util.List;

/** What a player reads from the server's playlists: the ladder and frame rate, then the segments' durations. */
final class Playlists {
    private Playlists() {}

    /** A playlist the player cannot use. */
    static final class BadPlaylist extends Exception {
        BadPlaylist(String message) { super(message); }
    }

    record Master(int[] ladderKbps, int fps) { }

    /** The master playlist: each variant's BANDWIDTH (bit/s, a whole number of kbit/s) and their common FRAME-RATE. */
    static Master master(String text) throws BadPlaylist {
        if (!text.startsWith("#EXTM3U")) throw new BadPlaylist("not a playlist (no #EXTM3U)");
        List<Integer> ladder = new ArrayList<>();
        int fps = -1;
        for (String line : text.split("\n")) {
            if (!line.startsWith("#EXT-X-STREAM-INF:")) continue;
            long bandwidth = -1;
            int rate = -1;
            for (String attr : line.substring(18).split(",")) {
                int eq = attr.indexOf('=');
                if (eq < 0) continue;
                String k = attr.substring(0, eq).strip(), v = attr.substring(eq + 1).strip();
                try {
                    if (k.equals("BANDWIDTH")) bandwidth = Long.parseLong(v);
                    if (k.equals("FRAME-RATE")) rate = (int) Math.round(Double.parseDouble(v));
                } catch (NumberFormatException e) {
                    throw new BadPlaylist("bad " + k + " '" + v + "'");
                }
            }
            if (bandwidth <= 0 || bandwidth % 1000 != 0 || bandwidth / 1000 > Integer.MAX_VALUE) throw new BadPlaylist("a variant needs a BANDWIDTH of whole kbit/s");
            if (rate < 1 || rate > 255 || fps >= 0 && rate != fps) throw new BadPlaylist("the variants need one FRAME-RATE of 1 to 255");
            fps = rate;
            ladder.add((int) (bandwidth / 1000));
        }
        if (ladder.isEmpty()) throw new BadPlaylist("no variant");
        int[] l = ladder.stream().mapToInt(Integer::intValue).sorted().toArray();
        for (int i = 1; i < l.length; i++) if (l[i] == l[i - 1]) throw new BadPlaylist("two variants of " + l[i] + " kbit/s");
        return new Master(l, fps);
    }

    /** A media playlist's segments, as whole frames at {@code fps} (each EXTINF rounded to the nearest frame). */
    static int[] segmentFrames(String text, int fps) throws BadPlaylist {
        if (!text.startsWith("#EXTM3U")) throw new BadPlaylist("not a playlist (no #EXTM3U)");
        List<Integer> frames = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.startsWith("#EXTINF:")) continue;
            int comma = line.indexOf(',');
            String d = line.substring(8, comma < 0 ? line.length() : comma).strip();
            double seconds;
            try {
                seconds = Double.parseDouble(d);
            } catch (NumberFormatException e) {
                throw new BadPlaylist("bad EXTINF '" + d + "'");
            }
            long n = Math.round(seconds * fps);
            if (!(seconds > 0) || n < 1 || n > 65_535) throw new BadPlaylist("a segment of " + d + " s is not 1 to 65,535 frames");
            frames.add((int) n);
            if (frames.size() > 1_000_000) throw new BadPlaylist("more than 1,000,000 segments");
        }
        if (frames.isEmpty()) throw new BadPlaylist("no segment");
        return frames.stream().mapToInt(Integer::intValue).toArray();
    }
}

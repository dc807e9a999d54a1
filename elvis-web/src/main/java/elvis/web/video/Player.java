package elvis.web.video;

import java.util.ArrayList;
import java.util.List;

/**
 * The playout buffer of a video player (R-VID-3), as arithmetic on virtual time: media arrives in
 * frames ({@link #received}); playback starts once {@code startupNs} of media is buffered, then
 * consumes 1 s of media per second; when the buffer empties before the end of the video the player
 * stalls until {@code resumeNs} of media (or the rest of the video) is buffered again. The clock only
 * moves forward: each call first plays out up to its time, recording a stall at the exact instant the
 * buffer ran dry even if no call happened then.
 */
public final class Player {
    /** One interruption of playback: when it began and how long it lasted (ns; -1 while it goes on). */
    public record Stall(long startNs, long durationNs) { }

    private final long totalNs, startupNs, resumeNs;
    private final long originNs;                 // when the player was asked to play (startup delay counts from here)
    private long nowNs;
    private long receivedNs;                      // media received, in playing order
    private long playedNs;                        // media played
    private long startedAtNs = -1;
    private boolean playing;
    private long stallStartNs = -1;
    private final List<Stall> stalls = new ArrayList<>();
    private long rebufferNs;
    private long endedAtNs = -1;

    /**
     * @param totalNs   the video's media time
     * @param startupNs media to buffer before playback starts (k segments)
     * @param resumeNs  media to buffer before a stalled playback resumes (one segment)
     */
    public Player(long originNs, long totalNs, long startupNs, long resumeNs) {
        if (totalNs <= 0 || startupNs <= 0 || resumeNs <= 0) throw new IllegalArgumentException("durations must be above 0");
        this.originNs = originNs;
        this.nowNs = originNs;
        this.totalNs = totalNs;
        this.startupNs = startupNs;
        this.resumeNs = resumeNs;
    }

    /** Plays out up to {@code t}. */
    public void advance(long t) {
        if (t < nowNs) throw new IllegalArgumentException("time went back: " + t + " < " + nowNs);
        if (playing) {
            long canPlay = receivedNs - playedNs;
            long elapsed = t - nowNs;
            if (elapsed >= canPlay) {
                playedNs = receivedNs;
                playing = false;
                if (playedNs < totalNs) stallStartNs = nowNs + canPlay;      // ran dry before the end
                else endedAtNs = nowNs + canPlay;
            } else {
                playedNs += elapsed;
            }
        }
        nowNs = t;
    }

    /** {@code mediaNs} more media arrived at {@code t}. */
    public void received(long t, long mediaNs) {
        advance(t);
        receivedNs = Math.min(totalNs, receivedNs + mediaNs);
        long buffered = receivedNs - playedNs;
        boolean complete = receivedNs == totalNs;
        if (startedAtNs < 0) {
            if (buffered >= startupNs || complete) {
                startedAtNs = t;
                playing = true;
            }
        } else if (!playing && stallStartNs >= 0 && (buffered >= resumeNs || complete)) {
            stalls.add(new Stall(stallStartNs, t - stallStartNs));
            rebufferNs += t - stallStartNs;
            stallStartNs = -1;
            playing = true;
        }
    }

    /** Media buffered and not yet played at the last call's time. */
    public long bufferNs() { return receivedNs - playedNs; }

    /** Media buffered at {@code t} (not before the last call), without moving the clock. */
    public long bufferAt(long t) {
        return playing ? Math.max(0, receivedNs - playedNs - (t - nowNs)) : receivedNs - playedNs;
    }

    public boolean started() { return startedAtNs >= 0; }
    public boolean playing() { return playing; }
    public boolean stalled() { return stallStartNs >= 0; }
    public long receivedNs() { return receivedNs; }
    public long playedNs() { return playedNs; }

    /** From the origin to the start of playback, -1 before it. */
    public long startupDelayNs() { return startedAtNs < 0 ? -1 : startedAtNs - originNs; }

    /** The stalls so far; one still going on at the last call's time is last, with duration -1. */
    public List<Stall> stalls() {
        if (stallStartNs < 0) return List.copyOf(stalls);
        List<Stall> all = new ArrayList<>(stalls);
        all.add(new Stall(stallStartNs, -1));
        return all;
    }

    /** Rebuffering time so far, counting a stall still going on up to the last call's time. */
    public long rebufferNs() { return rebufferNs + (stallStartNs >= 0 ? nowNs - stallStartNs : 0); }

    /** When playback ends (the whole video played), -1 until all of it has arrived and started. */
    public long endNs() {
        if (endedAtNs >= 0) return endedAtNs;
        return playing && receivedNs == totalNs ? nowNs + (totalNs - playedNs) : -1;
    }
}

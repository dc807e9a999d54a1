package elvis.trace;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The captures, drop logs and trace of a parallel run, written into the same files in the same
 * order as the sequential run writes them. Each partition records into spools ({@link Captures#spooled},
 * {@link TraceRecorder#spooled}) in the canonical order of {@link TimeOrder}; when the run is over
 * {@link #of} makes them one buffer per partition, which a distributed run gathers at partition 0
 * ({@code Exchange.gather}), and {@link #merge} interleaves the partitions' records of each file by
 * (time, lane). A lane's records all come from one partition, already in order, so the merge gives
 * the sequential run's bytes.
 */
public final class PartitionOutput {
    private PartitionOutput() { }

    /**
     * This partition's records of every file it captured or traced into, as one buffer for
     * {@link #merge}; removes the spools. {@code recorder} may be null. Call after closing both.
     */
    public static byte[] of(Captures captures, TraceRecorder recorder) throws IOException {
        List<RecordFile> files = captures.files();
        if (recorder != null) files.add(recorder.file());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(files.size());
        try {
            for (RecordFile f : files) {
                if (!f.isSpooled()) throw new IllegalArgumentException(f.path() + " is written directly, not spooled for a merge");
                byte[] records = f.takeSpool();
                if ((long) bytes.size() + records.length + 1024 > Integer.MAX_VALUE - 8)
                    throw new IOException("this partition's captures and traces hold more than 2 GiB: capture fewer networks or machines, or a shorter run");
                byte[] name = f.path().toString().getBytes(StandardCharsets.UTF_8);
                out.writeInt(name.length);
                out.write(name);
                out.writeInt(f.header().length);
                out.write(f.header());
                out.writeInt(records.length);
                out.write(records);
            }
        } finally {
            for (RecordFile f : files) f.discard();
        }
        out.flush();
        return bytes.toByteArray();
    }

    /** Removes the spools of a partition whose run failed, without merging them. */
    public static void discard(Captures captures, TraceRecorder recorder) throws IOException {
        for (RecordFile f : captures.files()) f.discard();
        if (recorder != null) recorder.file().discard();
    }

    /**
     * Writes every file that {@code parts} (one per partition, from {@link #of}, in partition
     * order) hold records for: its header, then the records of every part by time and lane.
     * Returns the files written, in the order the parts first name them.
     */
    public static List<Path> merge(List<byte[]> parts) throws IOException {
        Map<String, List<Section>> byFile = new LinkedHashMap<>();
        for (int p = 0; p < parts.size(); p++) {
            ByteBuffer b = ByteBuffer.wrap(parts.get(p));
            int files = b.getInt();
            for (int i = 0; i < files; i++) {
                byte[] name = new byte[b.getInt()];
                b.get(name);
                byte[] header = new byte[b.getInt()];
                b.get(header);
                int length = b.getInt();
                ByteBuffer records = b.slice(b.position(), length);
                b.position(b.position() + length);
                String path = new String(name, StandardCharsets.UTF_8);
                byFile.computeIfAbsent(path, k -> new ArrayList<>()).add(new Section(p, header, records));
            }
        }
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, List<Section>> e : byFile.entrySet()) {
            Path path = Path.of(e.getKey());
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16)) {
                write(e.getValue(), out);
            }
            written.add(path);
        }
        return written;
    }

    /** One partition's records of one file: a run of (time, lane, length, bytes). */
    private static final class Section {
        final int partition;
        final byte[] header;
        final ByteBuffer records;
        long time, lane;

        Section(int partition, byte[] header, ByteBuffer records) {
            this.partition = partition;
            this.header = header;
            this.records = records;
        }

        /** Reads the next record's time and lane; false when there is none. */
        boolean next() {
            if (!records.hasRemaining()) return false;
            time = records.getLong();
            lane = records.getLong();
            return true;
        }
    }

    private static void write(List<Section> sections, OutputStream out) throws IOException {
        out.write(sections.getFirst().header);
        PriorityQueue<Section> heads = new PriorityQueue<>((a, b) -> a.time != b.time ? Long.compare(a.time, b.time)
                : a.lane != b.lane ? Long.compare(a.lane, b.lane) : Integer.compare(a.partition, b.partition));
        for (Section s : sections) if (s.next()) heads.add(s);
        while (!heads.isEmpty()) {
            Section s = heads.poll();
            int length = s.records.getInt();
            out.write(s.records.array(), s.records.arrayOffset() + s.records.position(), length);
            s.records.position(s.records.position() + length);
            if (s.next()) heads.add(s);
        }
    }
}

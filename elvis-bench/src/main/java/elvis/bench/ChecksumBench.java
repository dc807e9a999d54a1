package elvis.bench;

import elvis.message.Message;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The payload sum of one TCP segment (1,448 bytes at a varying offset, as a sender cuts them) of a
 * 136 KB page (Rusty's mean response) behind an HTTP head: summing the bytes ({@code wrap}) against
 * the precomputed table ({@code wrapSummed}, R-RU-4). Per operation: one slice and its sum.
 * Run: ./elvis jmh ChecksumBench
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "-Xmx1g"})
public class ChecksumBench {
    @State(Scope.Thread)
    public static class Page {
        @Param({"wrap", "wrapSummed"})
        String kind;

        Message response;
        int at;

        @Setup
        public void setup() {
            byte[] page = new byte[136_000];
            new SplittableRandom(1).nextBytes(page);
            Message body = kind.equals("wrap") ? Message.wrap(page) : Message.wrapSummed(page);
            response = Message.ofUtf8("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 136000\r\n\r\n").concat(body);
        }
    }

    @Benchmark
    public int segmentSum(Page p) {
        int from = p.at;
        p.at = from + 1448 + 1448 > p.response.length() ? (from + 1) % 1448 : from + 1448;
        return p.response.slice(from, 1448).onesSum();
    }
}

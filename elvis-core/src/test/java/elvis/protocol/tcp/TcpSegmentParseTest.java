package elvis.protocol.tcp;

import elvis.message.Message;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TcpSegment#parse} reads a header in place from the cell its sender wrote, and copies it out
 * only when it is not whole there: both ways must read the same fields and reject the same bad offsets.
 */
class TcpSegmentParseTest {
    private static final Message PAYLOAD = Message.wrap(new byte[] {1, 2, 3, 4, 5});

    private static Message sent() {
        TcpSegment.Options o = new TcpSegment.Options().clear();
        o.timestamp = true;
        o.tsVal = 0x01020304;
        o.tsEcr = 0xA0B0C0D0;
        o.sack[0] = 1000;
        o.sack[1] = 2000;
        o.sackCount = 1;
        return TcpSegment.segment(1, 2, 4321, 80, 0x7FFF0001, 0x80000002, TcpSegment.ACK | TcpSegment.PSH, 512, o, PAYLOAD);
    }

    private static void assertSameFields(TcpSegment s) {
        assertThat(s).isNotNull();
        assertThat(new int[] {s.srcPort, s.dstPort, s.seq, s.ack, s.flags, s.window, s.optionBytes})
                .containsExactly(4321, 80, 0x7FFF0001, 0x80000002, TcpSegment.ACK | TcpSegment.PSH, 512, 24);
        assertThat(s.hasTimestamp).isTrue();
        assertThat(new int[] {s.tsVal, s.tsEcr}).containsExactly(0x01020304, 0xA0B0C0D0);
        assertThat(s.sackCount).isEqualTo(1);
        assertThat(Arrays.copyOf(s.sack, 2)).containsExactly(1000, 2000);
        assertThat(s.payload.toByteArray()).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void aSendersHeaderCellIsReadInPlaceLikeACopy() {
        Message m = sent();
        assertThat(m.headerCell()).hasSize(44);
        byte[] scratch = new byte[60];
        assertSameFields(TcpSegment.parse(m, scratch));
        assertThat(scratch).containsOnly(0);                         // read in place: nothing copied
        assertSameFields(TcpSegment.parse(Message.wrap(m.toByteArray()), new byte[60]));   // no header cell
    }

    @Test
    void aHeaderSplitOverCellsIsCopiedOut() {
        byte[] bytes = sent().toByteArray();
        Message split = PAYLOAD.prepend(Arrays.copyOfRange(bytes, 20, 44)).prepend(Arrays.copyOfRange(bytes, 0, 20));
        assertThat(split.headerCell()).hasSize(20);
        assertSameFields(TcpSegment.parse(split, new byte[60]));
    }

    @Test
    void badDataOffsetsInAHeaderCellAreMalformed() {
        byte[] header = sent().slice(0, 44).toByteArray();
        header[12] = 4 << 4;                                          // 16 bytes: shorter than the fixed header
        assertThat(TcpSegment.parse(PAYLOAD.prepend(header), new byte[60])).isNull();
        header[12] = (byte) (15 << 4);                                // 60 bytes: past the segment's 49
        assertThat(TcpSegment.parse(PAYLOAD.prepend(header), new byte[60])).isNull();
        assertThat(TcpSegment.parse(Message.EMPTY.prepend(Arrays.copyOf(header, 19)), new byte[60])).isNull();
    }
}

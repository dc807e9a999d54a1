package elvis.protocol.dns;

import elvis.message.Message;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class TcpFramerTest {
    @Test
    void messagesComeOutWholeHoweverTheStreamIsCut() {
        Random rnd = new Random(15);
        List<byte[]> sent = new ArrayList<>();
        java.io.ByteArrayOutputStream stream = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < 200; i++) {
            byte[] m = DnsCodec.encode(RandomDns.message(rnd));
            sent.add(m);
            stream.writeBytes(DnsCodec.frameForTcp(m));
        }
        stream.writeBytes(new byte[] {0, 5, 1, 2});         // a message still arriving
        byte[] all = stream.toByteArray();
        TcpFramer f = new TcpFramer();
        List<byte[]> got = new ArrayList<>();
        for (int at = 0; at < all.length; ) {
            int n = Math.min(all.length - at, rnd.nextInt(4) == 0 ? 1 : rnd.nextInt(700));
            f.append(Message.wrap(all, at, n));
            at += n;
            for (byte[] m; (m = f.next()) != null; ) got.add(m);
        }
        assertThat(got).hasSize(sent.size());
        for (int i = 0; i < sent.size(); i++) assertThat(got.get(i)).isEqualTo(sent.get(i));
        assertThat(f.pending()).isEqualTo(4);
    }
}

package elvis.modnet;

import elvis.message.Message;
import elvis.socket.ErrnoException;
import elvis.socket.PollFd;
import elvis.socket.Process;
import elvis.socket.ProgramApplication;
import elvis.socket.StreamSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static elvis.modnet.ChainRig.MS;
import static org.assertj.core.api.Assertions.assertThat;

/** Resets both ways, yield, failing modules, per-application apply, non-blocking connect and poll through chains. */
class ModNetBehaviourTest {
    static final byte[] DATA = ChainRig.pattern(2 << 20);

    /** The server reads 1000 bytes and aborts; the client, sending 2 MB through {@code k} modules, must see ECONNRESET. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aResetFromThePeerReachesTheApplicationThroughTheChain(boolean blocking) {
        ChainRig rig = new ChainRig();
        rig.modnet.apply(rig.client, rig.forwarders("f", 3, blocking, true));
        rig.server.addApplication(new ProgramApplication("aborter", p -> {
            StreamSocket l = p.streamSocket();
            l.bind(ChainRig.PORT);
            l.listen(1);
            StreamSocket s = l.accept();
            s.recvAll(1000);
            s.setLinger(true, 0);
            s.close();
        }));
        rig.client.addApplication(new ProgramApplication("source", p -> {
            StreamSocket s = p.streamSocket();
            s.connect(ChainRig.SERVER, ChainRig.PORT);
            try {
                s.sendAll(Message.wrap(DATA));
                s.recv(10);
                rig.log.add("no reset");
            } catch (ErrnoException e) {
                rig.log.add("client " + e.errno());
            }
        }));
        rig.run();
        assertThat(rig.log).containsExactly("client ECONNRESET");
        assertThat(rig.modnet.stats("f2").failures()).isEqualTo(1);      // the reset failed each pair in turn
        assertThat(rig.modnet.stats("f0").failures()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aResetByTheApplicationReachesThePeer(boolean blocking) {
        ChainRig rig = new ChainRig();
        rig.modnet.apply(rig.client, rig.forwarders("f", 3, blocking, true));
        rig.server.addApplication(new ProgramApplication("reader", p -> {
            StreamSocket l = p.streamSocket();
            l.bind(ChainRig.PORT);
            l.listen(1);
            StreamSocket s = l.accept();
            try {
                while (!s.recv(1 << 20).isEmpty()) { }
                rig.log.add("server EOF");
            } catch (ErrnoException e) {
                rig.log.add("server " + e.errno());
            }
        }));
        rig.client.addApplication(new ProgramApplication("aborter", p -> {
            StreamSocket s = p.streamSocket();
            s.connect(ChainRig.SERVER, ChainRig.PORT);
            s.sendAll(Message.wrap(DATA, 0, 5000));
            p.sleep(50 * MS);
            s.setLinger(true, 0);
            s.close();
        }));
        rig.run();
        assertThat(rig.log).containsExactly("server ECONNRESET");
    }

    /** A forwarder that yields on each stolen pair before forwarding itself. */
    static final class Yielder extends Forward {
        final YieldOp op;
        final String[] names;

        Yielder(YieldOp op, String... names) {
            this.op = op;
            this.names = names;
        }

        @Override
        public void stolen(List<ModulePair> batch) {
            for (ModulePair p : batch) p.yield(op, names);
            if (op != YieldOp.REPLACE) super.stolen(batch);
        }
    }

    @ParameterizedTest
    @EnumSource(YieldOp.class)
    void yieldInsertsOrReplacesAndTheStreamIsUnchanged(YieldOp op) {
        ChainRig rig = new ChainRig();
        rig.forwarders("x", 2, false, true);
        rig.modnet.register("y", new Yielder(op, "x0", "x1"));
        rig.modnet.apply(rig.client, "y");
        rig.bulk(ChainRig.pattern(ModNetChainTest.SIZE));
        rig.run();
        ModNetChainTest.assertTransparent(rig);
        assertThat(rig.modnet.stats("x0").pairsStolen()).isEqualTo(1);
        assertThat(rig.modnet.stats("x1").bytesToNetwork()).isEqualTo(ModNetChainTest.SIZE);
        assertThat(rig.modnet.stats("y").bytesToNetwork()).isEqualTo(op == YieldOp.REPLACE ? 0 : ModNetChainTest.SIZE);
    }

    @Test
    void anApplicationYieldsItsOwnSocketToAChain() {
        ChainRig rig = new ChainRig();
        rig.forwarders("x", 2, false, true);
        byte[] data = ChainRig.pattern(100_000);
        rig.server.addApplication(new ProgramApplication("sink", p -> {
            StreamSocket l = p.streamSocket();
            l.bind(ChainRig.PORT);
            l.listen(1);
            StreamSocket s = l.accept();
            s = rig.modnet.yield(s, YieldOp.APPLY_RIGHT, "x1");         // an accepted socket: its chain starts at once
            rig.receivedSha = ChainRig.sha(s.recvAll(data.length + 1).toByteArray(), 0, data.length);
            s.close();
        }));
        rig.client.addApplication(new ProgramApplication("source", p -> {
            StreamSocket s = rig.modnet.yield(p.streamSocket(), YieldOp.APPLY_RIGHT, "x0");
            s.connect(ChainRig.SERVER, ChainRig.PORT);
            rig.clientSawAddress = s.remoteAddress();
            s.sendAll(Message.wrap(data));
            s.close();
        }));
        rig.run();
        assertThat(rig.log).isEmpty();
        assertThat(rig.receivedSha).isEqualTo(ChainRig.sha(data, 0, data.length));
        assertThat(rig.clientSawAddress).isEqualTo(ChainRig.SERVER);
        assertThat(rig.modnet.stats("x0").bytesToNetwork()).isEqualTo(data.length);
        assertThat(rig.modnet.stats("x1").bytesToApplication()).isEqualTo(data.length);
    }

    @Test
    void aThrowingModuleFailsOnlyItsPair() {
        ChainRig rig = new ChainRig();
        rig.modnet.register("bad", new Forward() {
            int pairs;

            @Override
            protected Message transform(ModulePair pair, Side to, Message data) {
                if (pairs++ == 0) throw new IllegalStateException("module bug");
                return data;
            }
        });
        rig.modnet.apply(rig.client, "bad");
        rig.server.addApplication(new ProgramApplication("echo", p -> {
            StreamSocket l = p.streamSocket();
            l.bind(ChainRig.PORT);
            l.listen(4);
            for (int i = 0; i < 2; i++) {
                StreamSocket s = l.accept();
                p.spawn(c -> {
                    try {
                        Message m = s.recvAll(5);
                        s.sendAll(m);
                        s.close();
                    } catch (ErrnoException e) {
                        rig.log.add("server " + e.errno());
                    }
                }, s);
            }
        }));
        rig.client.addApplication(new ProgramApplication("two", p -> {
            for (int i = 0; i < 2; i++) {
                StreamSocket s = p.streamSocket();
                s.connect(ChainRig.SERVER, ChainRig.PORT);
                try {
                    s.sendAll(Message.ofUtf8("hello"));
                    rig.log.add("client got '" + s.recvAll(5).toUtf8() + "'");
                } catch (ErrnoException e) {
                    rig.log.add("client " + e.errno());
                }
                s.close();
                p.sleep(10 * MS);
            }
        }));
        rig.run();
        assertThat(rig.log).containsExactly("client ECONNRESET", "server ECONNRESET", "client got 'hello'");
        assertThat(rig.modnet.stats("bad").failures()).isEqualTo(1);
        assertThat(rig.modnet.stats("bad").pairsStolen()).isEqualTo(2);
        assertThat(rig.client.failures()).isEmpty();
    }

    /**
     * A module hears once of each pair's end (PairHandler.closed) and of the real connection's end
     * (AckListener.closed), whether the connection closes normally or the peer resets it.
     */
    @Test
    void theModuleHearsOfEachEndOnce() {
        ChainRig rig = new ChainRig();
        rig.modnet.register("w", new Forward() {
            int pairs;

            @Override
            public void stolen(List<ModulePair> batch) {
                for (ModulePair p : batch) {
                    int n = pairs++;
                    p.right().inspect().addAckListener(new elvis.protocol.tcp.TcpView.AckListener() {
                        @Override public void acked(elvis.protocol.tcp.TcpView v) { }
                        @Override public void closed(elvis.protocol.tcp.TcpView v) { rig.log.add(n + " tcp closed " + v.state()); }
                    });
                }
                super.stolen(batch);
            }

            @Override
            public void closed(ModulePair pair) {
                rig.log.add((pairs - 1) + " pair " + (pair.failure() == null ? "closed" : "failed"));
            }
        });
        rig.modnet.apply(rig.client, "w");
        rig.server.addApplication(new ProgramApplication("echo", p -> {
            StreamSocket l = p.streamSocket();
            l.bind(ChainRig.PORT);
            l.listen(4);
            for (int i = 0; i < 2; i++) {
                StreamSocket s = l.accept();
                Message m = s.recvAll(5);
                if (i == 1) s.setLinger(true, 0);       // the second connection: a RST
                else s.sendAll(m);
                s.close();
            }
        }));
        rig.client.addApplication(new ProgramApplication("two", p -> {
            for (int i = 0; i < 2; i++) {
                StreamSocket s = p.streamSocket();
                s.connect(ChainRig.SERVER, ChainRig.PORT);
                try {
                    s.sendAll(Message.ofUtf8("hello"));
                    rig.log.add(i + " got '" + s.recvAll(5).toUtf8() + "'");
                } catch (ErrnoException e) {
                    rig.log.add(i + " " + e.errno());
                }
                s.close();
                p.sleep(10 * MS);
            }
        }));
        rig.run();
        // The first real connection ends last, after its TIME-WAIT; the reset one at once, before the module fails its pair.
        assertThat(rig.log).containsExactly("0 got 'hello'", "0 pair closed",
                "1 tcp closed CLOSED", "1 pair failed", "1 ECONNRESET", "0 tcp closed CLOSED");
    }

    @Test
    void applyingToOneApplicationLeavesAnotherOnTheSameMachineUntouched() {
        ChainRig rig = new ChainRig();
        rig.forwarders("f", 1, false, true);
        rig.server.addApplication(new ProgramApplication("sink", p -> {
            StreamSocket l = p.streamSocket();
            l.bind(ChainRig.PORT);
            l.listen(4);
            for (int i = 0; i < 2; i++) {
                StreamSocket s = l.accept();
                p.spawn(c -> s.recvAll(3), s);
            }
        }));
        ProgramApplication[] apps = new ProgramApplication[2];
        String[] kinds = new String[2];
        for (int i = 0; i < 2; i++) {
            int n = i;
            apps[i] = new ProgramApplication("app" + i, p -> {
                StreamSocket s = p.streamSocket();
                kinds[n] = s.getClass().getSimpleName();
                s.connect(ChainRig.SERVER, ChainRig.PORT);
                s.sendAll(Message.ofUtf8("abc"));
                s.close();
            });
            rig.client.addApplication(apps[i]);
        }
        rig.modnet.apply(rig.client, apps[0], "f0");
        rig.run();
        assertThat(rig.log).isEmpty();
        assertThat(kinds[0]).isEqualTo("IntermediateSocket");
        assertThat(kinds[1]).isEqualTo("TcpSocket");
        assertThat(rig.modnet.stats("f0").pairsStolen()).isEqualTo(1);
        assertThat(rig.modnet.stats("f0").bytesToNetwork()).isEqualTo(3);
    }

    @Test
    void nonBlockingConnectAndPollSeeTheRealConnection() {
        ChainRig rig = new ChainRig();
        rig.modnet.apply(rig.client, rig.forwarders("f", 2, false, true));
        rig.server.addApplication(new ProgramApplication("sink", p -> {
            StreamSocket l = p.streamSocket();
            l.bind(ChainRig.PORT);
            l.listen(1);
            StreamSocket s = l.accept();
            rig.log.add("server got " + s.recvAll(2).toUtf8());
        }));
        rig.client.addApplication(new ProgramApplication("nb", p -> {
            StreamSocket s = p.streamSocket();
            s.setNonBlocking(true);
            try {
                s.connect(ChainRig.SERVER, ChainRig.PORT);
            } catch (ErrnoException e) {
                rig.log.add("connect " + e.errno());
            }
            try {
                s.send(Message.ofUtf8("x"));
            } catch (ErrnoException e) {
                rig.log.add("send " + e.errno());
            }
            PollFd out = new PollFd(s, PollFd.POLLOUT);
            p.poll(Process.FOREVER, out);
            rig.log.add("writable, error " + s.error() + ", peer port " + s.remotePort() + ", state " + s.info().state());
            s.send(Message.ofUtf8("hi"));
            // a refused connect through a chain reports as on a bare socket
            StreamSocket r = p.streamSocket();
            try {
                r.setNonBlocking(false);
                r.connect(ChainRig.SERVER, 9);
            } catch (ErrnoException e) {
                rig.log.add("refused " + e.errno());
            }
            r.close();
            p.sleep(100 * MS);
            s.close();
        }));
        rig.run();
        assertThat(rig.log).containsExactly("connect EINPROGRESS", "send ENOTCONN", "writable, error null, peer port 5001, state ESTABLISHED",
                "server got hi", "refused ECONNREFUSED");
    }
}

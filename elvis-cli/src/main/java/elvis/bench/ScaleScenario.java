package elvis.bench;

import elvis.Simulation;
import elvis.app.CountDatagrams;
import elvis.app.SendDatagrams;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.message.Message;

/**
 * The Elvis paper's scalability experiments (§V.A): N machines on one network send UDP messages to
 * one capture machine that expects them all. "low": one message each, all at time 0. "high": M
 * messages each, one per millisecond, the senders' phases spread over the millisecond so that all
 * run concurrently for the whole experiment.
 */
public final class ScaleScenario {
    public enum Mode { LOW, HIGH }

    public static final int PORT = 5000;
    public static final int PAYLOAD = 100;
    public static final long INTERVAL_NS = 1_000_000;

    private ScaleScenario() { }

    /** Builds the scenario; the capture application is the first machine's only application. */
    public static Simulation build(Mode mode, int machines, int messages, long seed) {
        Simulation sim = new Simulation(seed);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED.withDelay(10_000));
        int base = 10 << 24;                                // 10.0.0.0/8 holds 16 million hosts
        Machine capture = sim.machine("capture");
        sim.connect(capture, lan, base + 1, 8);
        long perSender = mode == Mode.LOW ? 1 : messages;
        capture.addApplication(new CountDatagrams(PORT, perSender * machines, null));
        Message payload = Message.zeros(PAYLOAD);          // shared by every datagram: zero copy
        for (int i = 0; i < machines; i++) {
            Machine m = sim.machine("sender-" + (i + 1));
            sim.connect(m, lan, base + 2 + i, 8);
            long phase = mode == Mode.LOW ? 0 : (i * 7919L) % INTERVAL_NS;
            m.addApplication(new SendDatagrams(base + 1, PORT, payload, perSender, mode == Mode.LOW ? 0 : INTERVAL_NS, phase));
        }
        return sim;
    }

    public static CountDatagrams capture(Simulation sim) {
        return (CountDatagrams) sim.machines().getFirst().applications().getFirst();
    }
}

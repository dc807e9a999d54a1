package elvis.socket;

import elvis.machine.Machine;
import elvis.sim.Simulator;

import java.util.IdentityHashMap;
import java.util.Map;

/** A kernel's wrapped machines and their socket factories: kept per kernel, so a machine never wrapped holds nothing. */
final class SocketFactories {
    private final Map<Machine, SocketFactory> byMachine = new IdentityHashMap<>();

    static SocketFactories of(Simulator sim) { return sim.extension(SocketFactories.class, s -> new SocketFactories()); }

    SocketFactory factory(Machine m) { return byMachine.isEmpty() ? SocketFactory.KERNEL : byMachine.getOrDefault(m, SocketFactory.KERNEL); }

    void set(Machine m, SocketFactory f) { byMachine.put(m, f); }
}

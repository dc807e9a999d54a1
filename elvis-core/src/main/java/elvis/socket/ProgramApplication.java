package elvis.socket;

import elvis.machine.Application;
import elvis.machine.Machine;

/** An application that is one blocking {@link Program}, started as a process at time 0. */
public final class ProgramApplication implements Application {
    private final String name;
    private final Program program;
    private Process process;

    public ProgramApplication(String name, Program program) {
        this.name = name;
        this.program = program;
    }

    @Override
    public String name() { return name; }

    @Override
    public void start(Machine machine) { process = Process.spawn(machine, this, program); }

    /** The process, once started. */
    public Process process() { return process; }

    @Override
    public String summary() { return process == null ? "not started" : process.isAlive() ? "running" : "ended"; }
}

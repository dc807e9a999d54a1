package elvis.dummynet.rules;

import elvis.machine.Machine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rule counters of the machines that have ipfw rules, for run reports: an {@code ipfw show}
 * table per machine, and the same as JSON. Lists the first {@link #MAX_MACHINES} such machines
 * (a group of a million identical machines would otherwise print a million tables).
 */
public final class IpfwReport {
    public static final int MAX_MACHINES = 100;

    private IpfwReport() {}

    private static List<RuleSet> ruleSets(List<Machine> machines) {
        List<RuleSet> sets = new ArrayList<>();
        for (Machine m : machines) {
            RuleSet r = RuleSet.existing(m);
            if (r != null) sets.add(r);
        }
        return sets;
    }

    /** "ipfw show on NAME:" and its table, per machine with rules; empty when none has any. */
    public static List<String> text(List<Machine> machines) {
        List<String> lines = new ArrayList<>();
        List<RuleSet> sets = ruleSets(machines);
        for (int i = 0; i < Math.min(sets.size(), MAX_MACHINES); i++) {
            lines.add("ipfw show on " + sets.get(i).machine().name() + ":");
            for (String l : sets.get(i).show().lines().toList()) lines.add("  " + l);
        }
        if (sets.size() > MAX_MACHINES) lines.add("ipfw: " + (sets.size() - MAX_MACHINES) + " more machines with rules not listed");
        return lines;
    }

    /** Per machine with rules: its name and its rules (number, rule text, packets, bytes), in the order tried. */
    public static List<Map<String, Object>> json(List<Machine> machines) {
        List<Map<String, Object>> out = new ArrayList<>();
        List<RuleSet> sets = ruleSets(machines);
        for (int i = 0; i < Math.min(sets.size(), MAX_MACHINES); i++) {
            List<Map<String, Object>> rules = new ArrayList<>();
            for (Rule r : sets.get(i).rules()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("number", r.number());
                m.put("rule", r.text);
                m.put("packets", r.packets());
                m.put("bytes", r.bytes());
                rules.add(m);
            }
            Map<String, Object> machine = new LinkedHashMap<>();
            machine.put("machine", sets.get(i).machine().name());
            machine.put("rules", rules);
            out.add(machine);
        }
        return out;
    }
}

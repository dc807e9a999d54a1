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

    /** Machine {@code m}'s rules as {@link #json} lists them, or null when it has none. */
    public static Map<String, Object> machine(Machine m) {
        RuleSet set = RuleSet.existing(m);
        if (set == null) return null;
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Rule r : set.rules()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("number", r.number());
            one.put("rule", r.text);
            one.put("packets", r.packets());
            one.put("bytes", r.bytes());
            rules.add(one);
        }
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("machine", m.name());
        machine.put("rules", rules);
        machine.put("show", set.show().lines().toList());      // the text report's table; json() leaves it out
        return machine;
    }

    /** "ipfw show on NAME:" and its table, per listed machine ({@link #machine}), then how many of {@code count} are not listed. */
    @SuppressWarnings("unchecked")
    public static List<String> text(List<Map<String, Object>> listed, long count) {
        List<String> lines = new ArrayList<>();
        for (Map<String, Object> m : listed.subList(0, (int) Math.min(listed.size(), MAX_MACHINES))) {
            lines.add("ipfw show on " + m.get("machine") + ":");
            for (String l : (List<String>) m.get("show")) lines.add("  " + l);
        }
        if (count > MAX_MACHINES) lines.add("ipfw: " + (count - MAX_MACHINES) + " more machines with rules not listed");
        return lines;
    }

    /** Per listed machine with rules ({@link #machine}): its name and its rules (number, rule text, packets, bytes), in the order tried. */
    public static List<Map<String, Object>> json(List<Map<String, Object>> listed) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> m : listed.subList(0, (int) Math.min(listed.size(), MAX_MACHINES))) {
            Map<String, Object> machine = new LinkedHashMap<>(m);
            machine.remove("show");
            out.add(machine);
        }
        return out;
    }
}

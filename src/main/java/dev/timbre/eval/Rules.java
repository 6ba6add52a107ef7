package dev.timbre.eval;

import java.util.ArrayList;
import java.util.List;

/** Helpers for lists of decision rules. */
public final class Rules {

    private Rules() {
    }

    /** Parses a comma-separated list of rule specs. */
    public static List<DecisionRule> parseList(String specs) {
        List<DecisionRule> out = new ArrayList<>();
        for (String s : specs.split(",")) {
            if (!s.isBlank()) {
                out.add(DecisionRule.parse(s));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no decision rules given");
        }
        return out;
    }

    static String format(double v) {
        String s = String.format(java.util.Locale.ROOT, "%.6f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s + "0" : s;
    }
}

package dev.timbre.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timbre.predict.InstrumentScore;
import dev.timbre.predict.Recognition;
import dev.timbre.predict.TimelineWindow;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How {@code timbre predict} writes one file's {@link Recognition}: a readable table, one JSON object per line
 * (the service's JSON with the file's name in front), or CSV rows (RFC 4180).
 */
enum PredictionFormat {
    TABLE, JSON, CSV;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * The CSV header for a model's classes: the file, the model (its name and the SHA-256 of its weights, by which a
     * resumed run knows its own rows), the scores, then the rule's statistics, per class.
     */
    static String csvHeader(List<String> classes) {
        List<String> cells = new ArrayList<>(List.of("file", "durationSeconds", "rule", "model", "weightsSha256"));
        cells.addAll(classes);
        classes.forEach(c -> cells.add("rule_" + c));
        cells.add("instruments");
        cells.add("warnings");
        return String.join(",", cells);
    }

    /** The text for one file (lines end with a newline). */
    String write(Path file, Recognition r, boolean timeline) {
        return switch (this) {
            case JSON -> json(file, r, timeline) + "\n";
            case CSV -> csvRow(file, r) + "\r\n";
            case TABLE -> table(file, r, timeline);
        };
    }

    /**
     * The service's JSON for the recording with {@code "file"} first; the timeline only when asked (the service
     * always sends it).
     */
    static String json(Path file, Recognition r, boolean timeline) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("file", file.toString());
        o.setAll((ObjectNode) MAPPER.valueToTree(r));
        if (!timeline) {
            o.remove("timeline");
        }
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serializes", e);
        }
    }

    static String csvRow(Path file, Recognition r) {
        List<String> cells = new ArrayList<>();
        cells.add(csv(file.toString()));
        cells.add(number(r.durationSeconds()));
        cells.add(csv(r.rule()));
        cells.add(csv(r.model().name()));
        cells.add(r.model().weightsSha256());
        r.scores().values().forEach(v -> cells.add(String.format(Locale.ROOT, "%.4f", v)));
        r.ruleScores().values().forEach(v -> cells.add(String.format(Locale.ROOT, "%.4f", v)));
        cells.add(String.join(";", r.instruments().stream().map(InstrumentScore::code).toList()));
        cells.add(csv(String.join("; ", r.warnings())));
        return String.join(",", cells);
    }

    /** A CSV field as RFC 4180 has it: quoted when it holds a comma, a quote, CR or LF; quotes doubled. */
    static String csv(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private static String table(Path file, Recognition r, boolean timeline) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s  (%s s, %s)%n", file, number(r.durationSeconds()), r.rule()));
        for (String w : r.warnings()) {
            sb.append("  warning: ").append(w).append(System.lineSeparator());
        }
        if (r.instruments().isEmpty()) {
            sb.append("  no instrument found").append(System.lineSeparator());
        }
        String statistic = r.rule().contains(":") ? r.rule().substring(0, r.rule().indexOf(':')) : r.rule();
        for (InstrumentScore s : r.instruments()) {
            sb.append(String.format(Locale.ROOT, "  %-3s %-16s %.2f  (%s %.2f)%n", s.code(), s.name(), s.score(),
                    statistic, s.ruleScore()));
        }
        if (timeline) {
            for (TimelineWindow t : r.timeline()) {
                sb.append(String.format(Locale.ROOT, "    %7.2f-%7.2f s", t.start(), t.end()));
                if (t.silent()) {
                    sb.append(" silent");
                } else {
                    t.scores().forEach((k, v) -> sb.append(String.format(Locale.ROOT, " %s %.2f", k, v)));
                }
                sb.append(System.lineSeparator());
            }
        }
        return sb.toString();
    }

    /** Seconds as the shortest decimal (6.75, not 6.7499). */
    private static String number(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}

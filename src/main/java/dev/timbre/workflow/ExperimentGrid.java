package dev.timbre.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A list of training runs, each a name and the options {@code timbre train} would take for it, so a grid means
 * exactly what the same options mean on the command line.
 *
 * <p>The file format (JSON):
 * <pre>{@code
 * {
 *   "name": "mine",
 *   "defaults": "--epochs 40 --patience 8",
 *   "runs": [
 *     {"name": "cnn-16", "args": "--model cnn --hidden 16"},
 *     {"name": "han",    "args": ["--model", "han2016"]}
 *   ]
 * }
 * }</pre>
 * {@code defaults} come first on every run's command line, so a run's own {@code args} override them.
 *
 * @param name     the grid's name
 * @param defaults options given to every run
 * @param runs     the runs, in order
 */
public record ExperimentGrid(String name, List<String> defaults, List<Run> runs) {

    private static final Pattern RUN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,79}");

    /**
     * One run: a directory name and its training options.
     *
     * @param name the run's directory name under {@code EXP_DIR/runs}
     * @param args options as for {@code timbre train}, without {@code --data}/{@code --out}
     */
    public record Run(String name, List<String> args) {
        public Run {
            args = List.copyOf(args);
        }
    }

    public ExperimentGrid {
        defaults = List.copyOf(defaults);
        runs = List.copyOf(runs);
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("grid '" + name + "' has no runs");
        }
        Set<String> seen = new HashSet<>();
        for (Run r : runs) {
            if (!RUN_NAME.matcher(r.name()).matches()) {
                throw new IllegalArgumentException("grid '" + name + "': run name '" + r.name()
                        + "' must be 1–80 letters, digits, '.', '_' or '-'");
            }
            if (!seen.add(r.name().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("grid '" + name + "': run name '" + r.name() + "' appears twice");
            }
            for (String a : r.args()) {
                if (a.equals("--data") || a.equals("--out") || a.startsWith("--data=") || a.startsWith("--out=")) {
                    throw new IllegalArgumentException("grid '" + name + "', run '" + r.name()
                            + "': --data and --out are the experiment's, not a run's");
                }
            }
        }
    }

    /** A run's full option list: the grid's defaults, then its own. */
    public List<String> argsOf(Run run) {
        List<String> all = new ArrayList<>(defaults);
        all.addAll(run.args());
        return all;
    }

    /** {@code study}, {@code quick} or a grid file. */
    public static ExperimentGrid load(String grid) throws IOException {
        return switch (grid.strip().toLowerCase(Locale.ROOT)) {
            case "study" -> study();
            case "quick" -> quick();
            default -> read(Path.of(grid));
        };
    }

    public static ExperimentGrid read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such grid file (or use the built-in grids 'study' and 'quick')");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(file + ": not a JSON grid (" + e.getOriginalMessage() + ")", e);
        }
        String fileName = file.getFileName().toString().replaceFirst("\\.json$", "");
        String name = root.path("name").asText(fileName);
        if (!root.path("runs").isArray()) {
            throw new IOException(file + ": needs a \"runs\" list of {\"name\", \"args\"}");
        }
        List<Run> runs = new ArrayList<>();
        for (JsonNode r : root.path("runs")) {
            if (!r.path("name").isTextual()) {
                throw new IOException(file + ": run " + (runs.size() + 1) + " has no \"name\"");
            }
            runs.add(new Run(r.path("name").asText(), args(r.path("args"))));
        }
        try {
            return new ExperimentGrid(name, args(root.path("defaults")), runs);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static List<String> args(JsonNode n) {
        if (n.isMissingNode() || n.isNull()) {
            return List.of();
        }
        if (n.isTextual()) {
            return split(n.asText());
        }
        List<String> out = new ArrayList<>();
        n.forEach(a -> out.add(a.asText()));
        return out;
    }

    private static List<String> split(String s) {
        return s.isBlank() ? List.of() : Arrays.asList(s.strip().split("\\s+"));
    }

    /**
     * The study's runs: Models 1 and 2 in mono and stereo × ReLU and leaky ReLU × 16 and 32 hidden, Model 3
     * (CoAtNet-0) in mono, the ZCR variant of Models 1 and 2, and Han et al. (2016), with the study's training
     * (batch 64, Adam 1e-3, up to 200 epochs, patience 15).
     */
    public static ExperimentGrid study() {
        List<Run> runs = new ArrayList<>();
        for (String model : List.of("cnn", "crnn")) {
            for (String channels : List.of("mono", "stereo")) {
                for (String act : List.of("relu", "leaky-relu")) {
                    for (int hidden : List.of(16, 32)) {
                        runs.add(new Run(model + "-" + channels + "-" + (act.equals("relu") ? "relu" : "leaky") + "-"
                                + hidden, split("--model " + model + " --channels " + channels + " --activation "
                                + act + " --hidden " + hidden)));
                    }
                }
            }
        }
        runs.add(new Run("coatnet-mono", split("--model coatnet --channels mono")));
        runs.add(new Run("cnn-mono-relu-32-zcr", split("--model cnn --channels mono --hidden 32 --zcr")));
        runs.add(new Run("crnn-mono-relu-32-zcr", split("--model crnn --channels mono --hidden 32 --zcr")));
        runs.add(new Run("han2016", split("--model han2016")));
        return new ExperimentGrid("study", List.of(), runs);
    }

    /**
     * A CPU-sized subset that still asks each of the study's questions once: mono vs stereo, ReLU vs leaky ReLU,
     * 16 vs 32 hidden, ZCR, Model 1 vs 2, and Han et al.; short training (at most 20 epochs, patience 5).
     */
    public static ExperimentGrid quick() {
        return new ExperimentGrid("quick", split("--epochs 20 --patience 5"), List.of(
                new Run("cnn-mono-relu-16", split("--model cnn --channels mono --activation relu --hidden 16")),
                new Run("cnn-mono-leaky-16", split("--model cnn --channels mono --activation leaky-relu --hidden 16")),
                new Run("cnn-stereo-relu-16", split("--model cnn --channels stereo --activation relu --hidden 16")),
                new Run("cnn-mono-relu-32", split("--model cnn --channels mono --activation relu --hidden 32")),
                new Run("cnn-mono-relu-16-zcr", split("--model cnn --channels mono --hidden 16 --zcr")),
                new Run("crnn-mono-relu-16", split("--model crnn --channels mono --activation relu --hidden 16")),
                new Run("han2016", split("--model han2016"))));
    }
}

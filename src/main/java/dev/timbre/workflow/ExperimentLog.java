package dev.timbre.workflow;

import dev.timbre.io.AtomicFiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code EXP_DIR/experiment.json}: the grid, the data, and each run's state ({@code pending}, {@code complete},
 * {@code failed} with the reason), its seconds and when it ended; rewritten atomically after every run, so an
 * interrupted experiment still says how far it got. Also joins the runs' result rows into
 * {@code EXP_DIR/results.csv}.
 */
public final class ExperimentLog {

    public static final String FILE = "experiment.json";
    public static final String RESULTS_CSV = dev.timbre.bundle.RunDirectory.RESULTS_CSV;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One run's state. */
    public record Entry(String name, List<String> args, String state, Double seconds, String ended, String error) {
    }

    private final Path file;
    private final ExperimentGrid grid;
    private final String data;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private ExperimentLog(Path file, ExperimentGrid grid, String data) {
        this.file = file;
        this.grid = grid;
        this.data = data;
    }

    /** Starts the log of {@code grid} in {@code dir}, keeping what an earlier invocation recorded of each run. */
    public static ExperimentLog open(Path dir, ExperimentGrid grid, Path data) throws IOException {
        ExperimentLog log = new ExperimentLog(dir.resolve(FILE), grid, data.toAbsolutePath().toString());
        Map<String, Entry> earlier = new LinkedHashMap<>();
        if (Files.exists(log.file)) {
            try {
                for (var n : JSON.readTree(log.file.toFile()).path("runs")) {
                    Entry e = JSON.treeToValue(n, Entry.class);
                    earlier.put(e.name(), e);
                }
            } catch (IOException e) {
                throw new IOException(log.file + ": unreadable experiment log (" + e.getMessage() + ")", e);
            }
        }
        for (ExperimentGrid.Run r : grid.runs()) {
            log.entries.put(r.name(), earlier.getOrDefault(r.name(),
                    new Entry(r.name(), grid.argsOf(r), "pending", null, null, null)));
        }
        log.write();
        return log;
    }

    public void done(ExperimentGrid.Run run, double seconds) throws IOException {
        put(new Entry(run.name(), grid.argsOf(run), "complete", seconds, Instant.now().toString(), null));
    }

    /** A run found complete on disk: keeps its recorded time. */
    public void skipped(ExperimentGrid.Run run) throws IOException {
        Entry e = entries.get(run.name());
        put(new Entry(run.name(), grid.argsOf(run), "complete", e.seconds(), e.ended(), null));
    }

    public void failed(ExperimentGrid.Run run, double seconds, String reason) throws IOException {
        put(new Entry(run.name(), grid.argsOf(run), "failed", seconds, Instant.now().toString(), reason));
    }

    public int complete() {
        return (int) entries.values().stream().filter(e -> e.state().equals("complete")).count();
    }

    public int failedCount() {
        return (int) entries.values().stream().filter(e -> e.state().equals("failed")).count();
    }

    public List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    private void put(Entry e) throws IOException {
        entries.put(e.name(), e);
        write();
    }

    private void write() throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("grid", grid.name());
        m.put("data", data);
        m.put("defaults", grid.defaults());
        m.put("runs", entries.values());
        writeAtomically(file, JSON.writeValueAsString(m));
    }

    /**
     * Joins {@code runs/<run>/results.csv} of the complete runs, in grid order, under one header. Rebuilt rather
     * than appended, so reruns and resumed runs never duplicate a row.
     */
    public void writeResultsCsv(Path dir, String completeMarker) throws IOException {
        StringBuilder csv = new StringBuilder();
        String header = null;
        for (ExperimentGrid.Run r : grid.runs()) {
            Path runDir = dir.resolve(Experiment.RUNS).resolve(r.name());
            Path rows = runDir.resolve(RESULTS_CSV);
            if (!Files.exists(rows) || !Files.exists(runDir.resolve(completeMarker))) {
                continue;
            }
            List<String> lines = new ArrayList<>(Files.readAllLines(rows, StandardCharsets.UTF_8));
            if (lines.isEmpty()) {
                continue;
            }
            if (header == null) {
                header = lines.get(0);
                csv.append(header).append('\n');
            }
            for (String line : lines.subList(1, lines.size())) {
                if (!line.isBlank()) {
                    csv.append(line).append('\n');
                }
            }
        }
        writeAtomically(dir.resolve(RESULTS_CSV), csv.toString());
    }

    public static void writeAtomically(Path file, String text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        AtomicFiles.writeString(file, text);
    }
}

package dev.timbre.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A results file that {@code predict --out} appends to, read first so that a repeated or interrupted run goes on
 * where the last one stopped: the files this model already tagged there are skipped, a record that a killed run left
 * half-written is cut off, and a file that holds another model's results (or is not a results file of this format)
 * is refused, because the skipped files would otherwise keep that model's answers under this run's name.
 */
final class ResultsFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What a results file already holds.
     *
     * @param tagged     the files it has results for, as {@code predict} names them
     * @param wholeBytes the length of its complete records; what follows is a torn record
     */
    record Contents(Set<String> tagged, long wholeBytes) {
    }

    private ResultsFile() {
    }

    /**
     * Reads {@code out} for a run of the model whose weights hash to {@code weightsSha256}, writing the columns of
     * {@code csvHeader} when the format is CSV. A missing or empty file holds nothing.
     *
     * @throws IllegalArgumentException a file of another model's results, or (CSV) of other columns
     */
    static Contents read(Path out, PredictionFormat format, String csvHeader, String weightsSha256)
            throws IOException {
        if (!Files.isRegularFile(out) || Files.size(out) == 0) {
            return new Contents(Set.of(), 0);
        }
        byte[] bytes = Files.readAllBytes(out);
        return switch (format) {
            case JSON -> readJsonLines(out, bytes, weightsSha256);
            case CSV -> readCsv(out, bytes, csvHeader, weightsSha256);
            case TABLE -> new Contents(Set.of(), bytes.length);
        };
    }

    /** Cuts {@code out} to its complete records; returns whether there was a torn one to cut. */
    static boolean dropTornRecord(Path out, Contents contents) throws IOException {
        if (!Files.isRegularFile(out) || Files.size(out) <= contents.wholeBytes()) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(out, StandardOpenOption.WRITE)) {
            ch.truncate(contents.wholeBytes());
        }
        return true;
    }

    private static Contents readJsonLines(Path out, byte[] bytes, String weightsSha256) {
        Set<String> tagged = new HashSet<>();
        int lineStart = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            String line = new String(bytes, lineStart, i - lineStart, StandardCharsets.UTF_8);
            lineStart = i + 1;
            if (line.isBlank()) {
                continue;
            }
            JsonNode result;
            try {
                result = JSON.readTree(line);
            } catch (IOException e) {
                continue; // not one of ours (edited by hand): that file, if any, is tagged again
            }
            String by = result.path("model").path("weightsSha256").asText("");
            if (!by.isEmpty() && !by.equals(weightsSha256)) {
                throw anotherModel(out, result.path("model").path("name").asText("unnamed"));
            }
            if (result.hasNonNull("file")) {
                tagged.add(result.get("file").asText());
            }
        }
        return new Contents(tagged, lineStart);
    }

    private static Contents readCsv(Path out, byte[] bytes, String csvHeader, String weightsSha256) {
        List<List<String>> records = new ArrayList<>();
        long whole = csvRecords(bytes, records);
        if (records.isEmpty()) {
            return new Contents(Set.of(), 0); // only a torn header: cut, and written again
        }
        List<String> columns = records.get(0);
        if (!String.join(",", columns).equals(csvHeader)) {
            throw new IllegalArgumentException(out + ": its columns are not this model's CSV columns (another "
                    + "model's classes, or not a timbre results file); write to another file, or remove it to tag "
                    + "again");
        }
        int file = columns.indexOf("file");
        int model = columns.indexOf("model");
        int weights = columns.indexOf("weightsSha256");
        Set<String> tagged = new HashSet<>();
        for (List<String> row : records.subList(1, records.size())) {
            if (row.size() != columns.size()) {
                continue; // edited by hand: that file, if any, is tagged again
            }
            if (!row.get(weights).equals(weightsSha256)) {
                throw anotherModel(out, row.get(model));
            }
            tagged.add(row.get(file));
        }
        return new Contents(tagged, whole);
    }

    /**
     * Splits RFC 4180 text into records (a quoted field may hold commas, quotes doubled and line breaks); returns
     * the length of the complete ones, each ended by a line break outside quotes. The bytes of UTF-8 characters
     * beyond ASCII are never a comma, a quote or a line break, so the bytes are split before they are decoded.
     */
    static long csvRecords(byte[] bytes, List<List<String>> records) {
        long whole = 0;
        List<String> row = new ArrayList<>();
        ByteArrayOutputStream field = new ByteArrayOutputStream();
        boolean quoted = false;
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (quoted) {
                if (b == '"' && i + 1 < bytes.length && bytes[i + 1] == '"') {
                    field.write('"');
                    i++;
                } else if (b == '"') {
                    quoted = false;
                } else {
                    field.write(b);
                }
            } else if (b == '"') {
                quoted = true;
            } else if (b == ',') {
                row.add(field.toString(StandardCharsets.UTF_8));
                field.reset();
            } else if (b == '\n') {
                String last = field.toString(StandardCharsets.UTF_8);
                row.add(last.endsWith("\r") ? last.substring(0, last.length() - 1) : last);
                field.reset();
                records.add(row);
                row = new ArrayList<>();
                whole = i + 1;
            } else {
                field.write(b);
            }
        }
        return whole;
    }

    private static IllegalArgumentException anotherModel(Path out, String name) {
        return new IllegalArgumentException(out + ": holds results of another model (" + name
                + "); write to another file, or remove it to tag again");
    }
}

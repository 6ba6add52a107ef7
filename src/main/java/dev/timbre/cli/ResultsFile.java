package dev.timbre.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

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
     * @param tagged     the files it has results for, each as its {@link #key}
     * @param wholeBytes the length of its complete records; what follows is a torn record
     */
    record Contents(Set<String> tagged, long wholeBytes) {
    }

    private ResultsFile() {
    }

    private static final String WORKING_DIRECTORY = Path.of("").toAbsolutePath().toString();

    /**
     * A file's name as a resume compares it: absolute and normalised, so that {@code song.wav},
     * {@code ./song.wav} and {@code /music/song.wav}, run from {@code /music}, are one file. Names that are
     * already plain (no {@code .}, {@code ..} or doubled separators) are joined as strings, since a catalogue's
     * results hold millions; a name that cannot be a path is kept as it is.
     */
    static String key(String name) {
        if (java.io.File.separatorChar == '/' && plain(name)) {
            return name.startsWith("/") ? name
                    : WORKING_DIRECTORY.endsWith("/") ? WORKING_DIRECTORY + name : WORKING_DIRECTORY + "/" + name;
        }
        try {
            return Path.of(name).toAbsolutePath().normalize().toString();
        } catch (java.nio.file.InvalidPathException e) {
            return name;
        }
    }

    private static boolean plain(String name) {
        return !name.isEmpty() && !name.endsWith("/") && !name.contains("//") && !name.contains("/./")
                && !name.contains("/../") && !name.startsWith("./") && !name.startsWith("../")
                && !name.endsWith("/.") && !name.endsWith("/..") && !name.equals(".") && !name.equals("..");
    }

    /**
     * Reads {@code out} for a run of the model whose weights hash to {@code weightsSha256}, whose CSV would have the
     * columns of {@code csvHeader}. A missing or empty file holds nothing. The file is streamed record by record and
     * only the names of its files are kept, so a catalogue's results of millions of lines cost their names alone.
     *
     * @throws IllegalArgumentException a file of another model's results, or (CSV) of other columns
     */
    static Contents read(Path out, PredictionFormat format, String csvHeader, String weightsSha256)
            throws IOException {
        if (!Files.isRegularFile(out) || Files.size(out) == 0 || format == PredictionFormat.TABLE) {
            return new Contents(Set.of(), Files.isRegularFile(out) ? Files.size(out) : 0);
        }
        Set<String> tagged = new HashSet<>();
        Consumer<List<String>> each = format == PredictionFormat.JSON
                ? record -> jsonResult(out, record.get(0), weightsSha256, tagged)
                : new CsvRows(out, csvHeader, weightsSha256, tagged);
        long whole;
        try (InputStream in = Files.newInputStream(out)) {
            whole = records(in, format == PredictionFormat.CSV, each);
        }
        return new Contents(tagged, whole);
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

    private static void jsonResult(Path out, String line, String weightsSha256, Set<String> tagged) {
        if (line.isBlank()) {
            return;
        }
        JsonNode result;
        try {
            result = JSON.readTree(line);
        } catch (IOException e) {
            return; // not one of ours (edited by hand): that file, if any, is tagged again
        }
        String by = result.path("model").path("weightsSha256").asText("");
        if (!by.isEmpty() && !by.equals(weightsSha256)) {
            throw anotherModel(out, result.path("model").path("name").asText("unnamed"));
        }
        if (result.hasNonNull("file")) {
            tagged.add(key(result.get("file").asText()));
        }
    }

    /** The rows of a CSV results file: its header first, which must be this model's. */
    private static final class CsvRows implements Consumer<List<String>> {
        private final Path out;
        private final String header;
        private final String weightsSha256;
        private final Set<String> tagged;
        private int file = -1;
        private int model;
        private int weights;
        private int columns;

        CsvRows(Path out, String header, String weightsSha256, Set<String> tagged) {
            this.out = out;
            this.header = header;
            this.weightsSha256 = weightsSha256;
            this.tagged = tagged;
        }

        @Override
        public void accept(List<String> row) {
            if (file < 0) {
                if (!String.join(",", row).equals(header)) {
                    throw new IllegalArgumentException(out + ": its columns are not this model's CSV columns "
                            + "(another model's classes, an earlier timbre's columns, or not a timbre results "
                            + "file); write to another file, or remove it to tag again");
                }
                file = row.indexOf("file");
                model = row.indexOf("model");
                weights = row.indexOf("weightsSha256");
                columns = row.size();
                return;
            }
            if (row.size() != columns) {
                return; // edited by hand: that file, if any, is tagged again
            }
            if (!row.get(weights).equals(weightsSha256)) {
                throw anotherModel(out, row.get(model));
            }
            tagged.add(key(row.get(file)));
        }
    }

    /**
     * Hands each complete record of {@code in} to {@code each} and returns their length in bytes; a record ends at
     * a line feed (a CR before it is dropped). With {@code csv}, as RFC 4180 has it: fields split at commas, and a
     * quoted field may hold commas, doubled quotes and line breaks; otherwise a record is its line, one field. The
     * bytes of UTF-8 characters beyond ASCII are never a comma, a quote or a line break, so bytes are split before
     * they are decoded.
     */
    static long records(InputStream in, boolean csv, Consumer<List<String>> each) throws IOException {
        long whole = 0;
        long at = 0;
        List<String> row = new ArrayList<>();
        Field field = new Field();
        boolean quoted = false;
        boolean quoteInQuotes = false; // a quote inside quotes: doubled if the next byte is one, else the closing one
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) > 0; ) {
            for (int i = 0; i < n; i++) {
                byte b = buffer[i];
                at++;
                if (quoteInQuotes) {
                    quoteInQuotes = false;
                    if (b == '"') {
                        field.add('"');
                        continue;
                    }
                    quoted = false;
                }
                if (csv && quoted) {
                    if (b == '"') {
                        quoteInQuotes = true;
                    } else {
                        field.add(b);
                    }
                } else if (csv && b == '"') {
                    quoted = true;
                } else if (csv && b == ',') {
                    row.add(field.take());
                } else if (b == '\n') {
                    row.add(line(field));
                    each.accept(row);
                    row = new ArrayList<>();
                    whole = at;
                } else {
                    field.add(b);
                }
            }
        }
        return whole;
    }

    /** The field that a line feed ends, without the CR of a CRLF. */
    private static String line(Field field) {
        String s = field.take();
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /** The bytes of the field being read (a plain growable array: this loop runs once per byte of the file). */
    private static final class Field {
        private byte[] bytes = new byte[256];
        private int length;

        void add(int b) {
            if (length == bytes.length) {
                bytes = Arrays.copyOf(bytes, 2 * length);
            }
            bytes[length++] = (byte) b;
        }

        /** The field as text, and the buffer emptied for the next. */
        String take() {
            String s = new String(bytes, 0, length, StandardCharsets.UTF_8);
            length = 0;
            return s;
        }
    }

    private static IllegalArgumentException anotherModel(Path out, String name) {
        return new IllegalArgumentException(out + ": holds results of another model (" + name
                + "); write to another file, or remove it to tag again");
    }
}

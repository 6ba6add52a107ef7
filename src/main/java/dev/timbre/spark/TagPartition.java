package dev.timbre.spark;

import dev.timbre.predict.InstrumentRecognizer;
import dev.timbre.predict.Recognition;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.util.DoubleAccumulator;
import org.apache.spark.util.LongAccumulator;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Timestamp;
import java.util.Iterator;

/**
 * Tags one partition of listed files ({@code path}, {@code modificationTime}) with the executor's recognizer, one
 * file at a time as the Parquet writer asks for rows. A file that fails becomes a row with its error; the task goes
 * on.
 */
final class TagPartition implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    private final ShippedModel model;
    private final boolean timeline;
    private final int torchThreads;
    private final Broadcast<HadoopConfiguration> hadoop;
    private final LongAccumulator tagged;
    private final LongAccumulator failed;
    private final DoubleAccumulator audioSeconds;

    TagPartition(ShippedModel model, boolean timeline, int torchThreads, Broadcast<HadoopConfiguration> hadoop,
                 LongAccumulator tagged, LongAccumulator failed, DoubleAccumulator audioSeconds) {
        this.model = model;
        this.timeline = timeline;
        this.torchThreads = torchThreads;
        this.hadoop = hadoop;
        this.tagged = tagged;
        this.failed = failed;
        this.audioSeconds = audioSeconds;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> files) throws IOException {
        InstrumentRecognizer recognizer = ExecutorRecognizer.get(model, torchThreads);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return files.hasNext();
            }

            @Override
            public Row next() {
                Row file = files.next();
                return tag(recognizer, file.getString(0), file.getTimestamp(1));
            }
        };
    }

    private Row tag(InstrumentRecognizer recognizer, String path, Timestamp modified) {
        tagged.add(1);
        try {
            Recognition r = recognize(recognizer, path);
            audioSeconds.add(r.durationSeconds());
            return TagSchema.tagged(path, modified, r, timeline, model);
        } catch (IOException | RuntimeException e) {
            failed.add(1);
            return TagSchema.failed(path, modified, e.getMessage() == null ? path + ": " + e : e.getMessage(), model);
        }
    }

    /** A local file is read in place; one elsewhere is copied to local disk first, and errors name it, not the copy. */
    private Recognition recognize(InstrumentRecognizer recognizer, String path) throws IOException {
        org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(path);
        URI uri = file.toUri();
        if ("file".equals(uri.getScheme())) {
            return recognizer.recognize(Path.of(uri));
        }
        Path copy = Files.createTempFile("timbre-", "-" + file.getName());
        try {
            FileSystem fs = file.getFileSystem(hadoop.value().get());
            try (InputStream in = fs.open(file)) {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            return recognizer.recognize(copy);
        } catch (IOException | RuntimeException e) {
            String message = e.getMessage() == null ? path + ": " + e : e.getMessage();
            throw new IOException(message.replace(copy.toString(), path), e);
        } finally {
            Files.deleteIfExists(copy);
        }
    }
}

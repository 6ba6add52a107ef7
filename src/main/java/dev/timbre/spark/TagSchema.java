package dev.timbre.spark;

import dev.timbre.predict.InstrumentScore;
import dev.timbre.predict.Recognition;
import dev.timbre.predict.TimelineWindow;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructType;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows a job writes: one per audio file, with what {@code timbre predict} reports for it, or the reason it
 * failed.
 *
 * <pre>
 * path             string     the file as the job listed it (a Hadoop path URI, e.g. file:/music/a.flac)
 * modificationTime timestamp  the file's, as listed; with path, what a later run skips on
 * durationSeconds  double     length of the audio (null when the file failed)
 * instruments      array of struct(code, name, score): the instruments found, highest score first
 * scores           map code -> clip score, all classes
 * timeline         array of struct(start, end, scores map code -> window sigmoid), only with the timeline option
 * modelName        string     the bundle's name
 * modelVersion     string     sha256: and the first 16 hex digits of the hash of the bundle's two files
 * error            string     why the file failed (null when it was tagged)
 * </pre>
 */
final class TagSchema {

    static final String PATH = "path";
    static final String MODIFICATION_TIME = "modificationTime";
    static final String ERROR = "error";
    static final String MODEL_NAME = "modelName";
    static final String MODEL_VERSION = "modelVersion";

    private static final MapType SCORES = DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, false);

    private static final StructType INSTRUMENT = new StructType()
            .add("code", DataTypes.StringType, false)
            .add("name", DataTypes.StringType, false)
            .add("score", DataTypes.DoubleType, false);

    private static final StructType WINDOW = new StructType()
            .add("start", DataTypes.DoubleType, false)
            .add("end", DataTypes.DoubleType, false)
            .add("scores", SCORES, false);

    static final StructType ROW = new StructType()
            .add(PATH, DataTypes.StringType, false)
            .add(MODIFICATION_TIME, DataTypes.TimestampType, false)
            .add("durationSeconds", DataTypes.DoubleType, true)
            .add("instruments", new ArrayType(INSTRUMENT, false), true)
            .add("scores", SCORES, true)
            .add("timeline", new ArrayType(WINDOW, false), true)
            .add(MODEL_NAME, DataTypes.StringType, true)
            .add(MODEL_VERSION, DataTypes.StringType, false)
            .add(ERROR, DataTypes.StringType, true);

    private TagSchema() {
    }

    static Row tagged(String path, Timestamp modified, Recognition r, boolean timeline, ShippedModel model) {
        List<Row> instruments = new ArrayList<>(r.instruments().size());
        for (InstrumentScore s : r.instruments()) {
            instruments.add(RowFactory.create(s.code(), s.name(), s.score()));
        }
        List<Row> windows = null;
        if (timeline) {
            windows = new ArrayList<>(r.timeline().size());
            for (TimelineWindow w : r.timeline()) {
                windows.add(RowFactory.create(w.start(), w.end(), scala(w.scores())));
            }
        }
        return RowFactory.create(path, modified, r.durationSeconds(), seq(instruments), scala(r.scores()),
                windows == null ? null : seq(windows), model.name(), model.version(), null);
    }

    static Row failed(String path, Timestamp modified, String error, ShippedModel model) {
        return RowFactory.create(path, modified, null, null, null, null, model.name(), model.version(), error);
    }

    /** Spark's external row form of an array column is a Scala sequence. */
    private static scala.collection.Seq<Row> seq(List<Row> rows) {
        return scala.jdk.javaapi.CollectionConverters.asScala(rows);
    }

    /** Spark's external row form of a map column is a Scala map; insertion order is kept. */
    private static scala.collection.Map<String, Double> scala(java.util.Map<String, Double> m) {
        scala.collection.mutable.LinkedHashMap<String, Double> out = new scala.collection.mutable.LinkedHashMap<>();
        m.forEach(out::put);
        return out;
    }
}

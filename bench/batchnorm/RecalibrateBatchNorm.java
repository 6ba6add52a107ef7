// Re-estimates a model bundle's batch-norm statistics on other audio (AdaBN) and writes the result as a new bundle,
// the weights otherwise unchanged: random 3-s windows of the listed files, in batches of 64, run through the network
// in training mode, which is what updates the running means and variances. An experiment, not a product feature:
// docs/experiments.md records what it gave.
//
//   java --add-modules jdk.incubator.vector -cp "target/classes:target/lib/*" \
//        bench/batchnorm/RecalibrateBatchNorm.java BUNDLE|default OUT BATCHES FILE_LIST
//
// FILE_LIST holds one audio path per line; BUNDLE is a run directory, or "default" for the bundled model.
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.timbre.audio.AudioClip;
import dev.timbre.bundle.ModelBundle;
import dev.timbre.bundle.RunDirectory;
import dev.timbre.feature.FeaturePipeline;
import dev.timbre.feature.FeatureSettings;
import dev.timbre.model.BlockByBlock;
import dev.timbre.model.ComputeDevice;
import dev.timbre.model.NetworkInput;
import dev.timbre.predict.BundledModel;

import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

public class RecalibrateBatchNorm {

    private static final int BATCH = 64;

    public static void main(String[] args) {
        if (args.length != 4 || !args[2].matches("[1-9][0-9]{0,5}")) {
            System.err.println("usage: RecalibrateBatchNorm BUNDLE|default OUT BATCHES FILE_LIST (BATCHES: 1 to 999999)");
            System.exit(2);
        }
        try {
            run(args);
        } catch (Exception e) {
            // One line, as timbre's commands report errors (the product's messages name the file).
            System.err.println("RecalibrateBatchNorm: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        ModelBundle bundle = args[0].equals("default") ? BundledModel.read() : ModelBundle.read(Path.of(args[0]));
        Path out = Path.of(args[1]);
        if (Files.exists(out.resolve(RunDirectory.MANIFEST))) {
            throw new java.io.IOException(out + ": already holds a model bundle; choose another OUT");
        }
        int batches = Integer.parseInt(args[2]);
        List<Path> files = new ArrayList<>();
        Path list = Path.of(args[3]);
        if (!Files.isRegularFile(list)) {
            throw new java.io.IOException(list + ": no such file list");
        }
        for (String line : Files.readAllLines(list)) {
            if (!line.isBlank()) {
                files.add(Path.of(line.strip()));
            }
        }
        if (files.isEmpty()) {
            throw new java.io.IOException(list + ": lists no audio file");
        }
        Random random = new Random(7);
        Collections.shuffle(files, random);

        FeatureSettings settings = bundle.manifest().features();
        Shape example = new Shape(settings.mapShape());
        int length = (int) example.size();
        FeaturePipeline pipeline = new FeaturePipeline(settings, null);
        float[] windows = new float[batches * BATCH * length];
        int filled = 0;
        boolean[] failed = new boolean[files.size()];
        int failures = 0;
        for (int next = 0; filled < batches * BATCH; next++) {
            int index = next % files.size();
            if (failed[index]) {
                continue;
            }
            Path file = files.get(index);
            AudioClip clip;
            try {
                clip = pipeline.load(file);
            } catch (Exception e) {
                // A file that does not decode is reported once and skipped; the rest go on.
                System.err.println(e.getMessage() == null ? file + ": " + e : e.getMessage());
                failed[index] = true;
                if (++failures == files.size()) {
                    throw new java.io.IOException(list + ": none of its " + files.size() + " files decodes");
                }
                continue;
            }
            int span = clip.frames() - settings.windowFrames();
            int offset = filled * length;
            for (float[][] map : pipeline.window(clip, span > 0 ? random.nextInt(span) : 0)) {
                for (float[] band : map) {
                    System.arraycopy(band, 0, windows, offset, band.length);
                    offset += band.length;
                }
            }
            filled++;
        }
        try (Model model = bundle.loadModel(ComputeDevice.CPU)) {
            Block network = model.getBlock();
            for (int b = 0; b < batches; b++) {
                float[] x = Arrays.copyOfRange(windows, b * BATCH * length, (b + 1) * BATCH * length);
                try (NDManager scope = model.getNDManager().newSubManager()) {
                    BlockByBlock.forward(network, new ParameterStore(scope, false),
                            NetworkInput.channelsLast(scope, x, BATCH, example), true);
                }
            }
            Files.createDirectories(out);
            try (DataOutputStream d = new DataOutputStream(Files.newOutputStream(out.resolve("weights.params")))) {
                network.saveParameters(d);
            }
        }
        // The source's recorded scores were measured with its own statistics; the new bundle has none until measured.
        ModelBundle.seal(out, bundle.manifest().withMetrics(java.util.Map.of()));
        System.err.println(out + ": batch-norm statistics from " + batches * BATCH + " windows of " + files.size()
                + " files");
    }
}

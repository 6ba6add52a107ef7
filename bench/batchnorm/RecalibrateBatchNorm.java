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

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: RecalibrateBatchNorm BUNDLE|default OUT BATCHES FILE_LIST");
            System.exit(2);
        }
        ModelBundle bundle = args[0].equals("default") ? BundledModel.read() : ModelBundle.read(Path.of(args[0]));
        Path out = Path.of(args[1]);
        int batches = Integer.parseInt(args[2]);
        List<Path> files = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[3]))) {
            if (!line.isBlank()) {
                files.add(Path.of(line.strip()));
            }
        }
        Random random = new Random(7);
        Collections.shuffle(files, random);

        FeatureSettings settings = bundle.manifest().features();
        Shape example = new Shape(settings.mapShape());
        int length = (int) example.size();
        FeaturePipeline pipeline = new FeaturePipeline(settings, null);
        float[] windows = new float[batches * BATCH * length];
        int filled = 0;
        for (int next = 0; filled < batches * BATCH; next++) {
            Path file = files.get(next % files.size());
            AudioClip clip;
            try {
                clip = pipeline.load(file);
            } catch (Exception e) {
                System.err.println(file + ": " + e.getMessage());
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
        ModelBundle.seal(out, bundle.manifest());
        System.err.println(out + ": batch-norm statistics from " + batches * BATCH + " windows of " + files.size()
                + " files");
    }
}

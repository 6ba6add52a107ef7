package dev.timbre.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import dev.timbre.feature.ChannelMode;
import dev.timbre.feature.FeatureSettings;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * Inference throughput of a freshly initialised network on random input, for sizing runs on a given machine.
 *
 * <pre>
 * mvn -o -q compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
 * java -Dai.djl.offline=true -cp target/classes:$(cat target/classpath.txt) dev.timbre.model.ForwardBenchmark \
 *      [model=cnn] [n=32] [batch=64] [channels=mono|stereo] [batches=10] [coatnetSize=COATNET_0]
 * </pre>
 *
 * <p>Uses the study's feature shape (224 x 256), except Han (128 x 43). Two warm-up batches are not timed.
 */
public final class ForwardBenchmark {

    private ForwardBenchmark() {
    }

    public static void main(String[] args) {
        Architecture architecture = Architecture.fromCliName(arg(args, 0, "cnn"));
        int n = Integer.parseInt(arg(args, 1, "32"));
        int batch = Integer.parseInt(arg(args, 2, "64"));
        ChannelMode channels = ChannelMode.valueOf(arg(args, 3, "mono").toUpperCase(java.util.Locale.ROOT));
        int batches = Integer.parseInt(arg(args, 4, "10"));
        CoAtNetSize size = CoAtNetSize.valueOf(arg(args, 5, "COATNET_0"));
        FeatureSettings features = architecture == Architecture.HAN2016
                ? Han2016.featureSettings().withChannels(channels)
                : FeatureSettings.study(channels);
        ModelSpec spec = ModelSpec.defaults(architecture, features).withBaseChannels(n).withCoAtNetSize(size);
        run(spec, batch, batches, System.out);
    }

    /** Times {@code batches} forward passes of {@code batch} random examples and prints the rate. */
    public static double run(ModelSpec spec, int batch, int batches, PrintStream out) {
        Block block = spec.newBlock();
        try (NDManager manager = NDManager.newBaseManager(ComputeDevice.selected())) {
            block.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
            block.initialize(manager, DataType.FLOAT32, spec.inputShape(batch));
            long parameters = ModelParameters.countTrainable(block);
            ParameterStore store = new ParameterStore(manager, false);
            long[] nanos = new long[batches];
            for (int i = -2; i < batches; i++) {
                try (NDManager step = manager.newSubManager()) {
                    NDArray input = step.randomNormal(spec.inputShape(batch)); // (B, C, bands, frames)
                    long start = System.nanoTime();
                    NDArray logits = block.forward(store, new NDList(input), false).singletonOrThrow(); // (B, K)
                    logits.toFloatArray(); // waits for the result
                    if (i >= 0) {
                        nanos[i] = System.nanoTime() - start;
                    }
                }
            }
            double seconds = Arrays.stream(nanos).sum() / 1e9;
            double clipsPerSecond = (double) batch * batches / seconds;
            String variant = switch (spec.architecture()) {
                case CNN, CRNN -> "n=" + spec.baseChannels();
                case COATNET -> spec.coatNetSize().name();
                case HAN2016 -> "paper";
            };
            out.printf("%s %s %s %dx%d: %,d trainable parameters, batch %d x %d: %.1f ms/batch, %.1f clips/s"
                            + " (%d CPU cores visible)%n",
                    spec.architecture().cliName(), variant, spec.inputChannels() == 1 ? "mono" : "stereo",
                    spec.inputBands(), spec.inputFrames(), parameters, batch, batches,
                    seconds * 1000 / batches, clipsPerSecond, Runtime.getRuntime().availableProcessors());
            return clipsPerSecond;
        }
    }

    private static String arg(String[] args, int index, String fallback) {
        return args.length > index ? args[index] : fallback;
    }
}

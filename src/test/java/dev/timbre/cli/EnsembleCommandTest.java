package dev.timbre.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.timbre.bundle.ModelBundle;
import dev.timbre.bundle.RunDirectory;
import dev.timbre.feature.BandShift;
import dev.timbre.model.ComputeDevice;
import dev.timbre.predict.ModelCards;
import dev.timbre.predict.WindowScorer;
import dev.timbre.testing.TinyCorpus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static dev.timbre.cli.EndToEndTest.timbre;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/** {@code timbre ensemble} on two tiny runs that share a validation split, and its refusals. */
class EnsembleCommandTest {

    @TempDir
    static Path dir;

    private static Path data;
    private static Path cache;

    @BeforeAll
    static void trainTwoMembersAndAnOutsider() throws Exception {
        data = TinyCorpus.write(dir.resolve("corpus"), 4, 3);
        cache = dir.resolve("cache");
        for (String[] run : List.of(new String[]{"m1", "1", "7"}, new String[]{"m2", "2", "7"},
                new String[]{"other-split", "3", "8"})) {
            EndToEndTest.Run train = timbre("train", "--data", data.toString(), "--out",
                    dir.resolve(run[0]).toString(), "--model", "pooled-cnn", "--features", "compact", "--hidden",
                    "4", "--epochs", "1", "--batch", "8", "--validation-fraction", "0.25", "--seed", run[1],
                    "--split-seed", run[2], "--cache", cache.toString());
            assertThat(train.code()).as(train.err()).isZero();
        }
    }

    @Test
    void theEnsembleAveragesItsMembersOverBandShifts() throws Exception {
        Path out = dir.resolve("ens");
        EndToEndTest.Run made = timbre("ensemble", "--out", out.toString(), "--test-band-shift", "1", "--cache",
                cache.toString(), dir.resolve("m1").toString(), dir.resolve("m2").toString());
        assertThat(made.code()).as(made.err()).isZero();
        assertThat(made.out()).contains("2 members").contains("band shifts of up to 1").contains("Model bundle:");

        JsonNode m = new ObjectMapper().readTree(out.resolve(RunDirectory.MANIFEST).toFile());
        assertThat(m.at("/model/members").asInt()).isEqualTo(2);
        assertThat(m.at("/model/testBandShift").asInt()).isEqualTo(1);
        assertThat(m.at("/members").size()).isEqualTo(2);
        assertThat(m.at("/members/0/seed").asLong()).isEqualTo(1);
        assertThat(m.at("/members/1/seed").asLong()).isEqualTo(2);
        assertThat(m.at("/training/command").asText()).startsWith("ensemble --out");
        assertThat(m.at("/defaultRule").asText()).startsWith("s2:");
        assertThat(m.at("/metrics/validation_mixtures.s2.threshold").isNumber()).isTrue();
        assertThat(out.resolve(RunDirectory.THRESHOLDS)).exists();

        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.write(Files.readAllBytes(dir.resolve("m1").resolve(RunDirectory.WEIGHTS)));
        both.write(Files.readAllBytes(dir.resolve("m2").resolve(RunDirectory.WEIGHTS)));
        assertThat(Files.readAllBytes(out.resolve(RunDirectory.WEIGHTS))).isEqualTo(both.toByteArray());

        ModelBundle ensemble = ModelBundle.read(out);
        // The corpus was not synthesized, so the card's commands are the members' training and the ensemble.
        assertThat(ModelCards.of(ensemble).commands()).hasSize(3)
                .satisfies(c -> assertThat(c.get(0)).startsWith("timbre train").contains("--seed 1"))
                .satisfies(c -> assertThat(c.get(1)).startsWith("timbre train").contains("--seed 2"))
                .satisfies(c -> assertThat(c.get(2)).startsWith("timbre ensemble"));

        // Its logits are the mean over both members and the three shifts of each member's logits.
        ModelBundle m1 = ModelBundle.read(dir.resolve("m1"));
        ModelBundle m2 = ModelBundle.read(dir.resolve("m2"));
        long[] shape = m1.manifest().features().mapShape();
        int len = (int) (shape[0] * shape[1] * shape[2]);
        Random r = new Random(4);
        float[] windows = new float[2 * len];
        for (int i = 0; i < windows.length; i++) {
            windows[i] = (float) Math.max(-80, Math.min(0, -40 + 15 * r.nextGaussian()));
        }
        BandShift bands = new BandShift(m1.manifest().features());
        float[] expected = new float[2 * 11];
        for (ModelBundle member : List.of(m1, m2)) {
            try (WindowScorer scorer = new WindowScorer(member, 8, ComputeDevice.CPU)) {
                for (int shift = -1; shift <= 1; shift++) {
                    float[] shifted = new float[windows.length];
                    for (int w = 0; w < 2; w++) {
                        bands.shift(windows, w * len, shifted, w * len, shift);
                    }
                    float[] y = scorer.forward(shifted, 2);
                    for (int j = 0; j < y.length; j++) {
                        expected[j] += y[j] / 6;
                    }
                }
            }
        }
        try (WindowScorer scorer = new WindowScorer(ensemble, 8, ComputeDevice.CPU)) {
            float[] got = scorer.forward(windows, 2);
            for (int j = 0; j < got.length; j++) {
                assertThat(got[j]).as("logit %d", j)
                        .isCloseTo(expected[j], offset(1e-4f * (1 + Math.abs(expected[j]))));
            }
        }

        EndToEndTest.Run predict = timbre("predict", "--model", out.toString(), "--format", "json",
                data.resolve("IRMAS-TrainingData/cel/cel-0.wav").toString());
        assertThat(predict.code()).as(predict.err()).isZero();
        assertThat(predict.out()).contains("\"ens\"");
    }

    @Test
    void runsWithAnotherValidationSplitAreRefusedInOneLine() throws Exception {
        Path out = dir.resolve("mixed");
        EndToEndTest.Run refused = timbre("ensemble", "--out", out.toString(), "--cache", cache.toString(),
                dir.resolve("m1").toString(), dir.resolve("other-split").toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err().strip()).hasLineCount(1).contains("other-split").contains("validation split")
                .contains("--split-seed");
        assertThat(out.resolve(RunDirectory.MANIFEST)).doesNotExist();
    }

    @Test
    void anEnsembleIsNotAMemberAndARunIsNotItsOwnOutput() throws Exception {
        Path single = dir.resolve("single-shifted");
        EndToEndTest.Run one = timbre("ensemble", "--out", single.toString(), "--test-band-shift", "2", "--cache",
                cache.toString(), dir.resolve("m1").toString());
        assertThat(one.code()).as(one.err()).isZero();
        assertThat(ModelBundle.read(single).manifest().model().members()).isEqualTo(1);
        assertThat(ModelBundle.read(single).manifest().members()).isNull();

        Path nested = dir.resolve("ens-of-ens");
        Path pair = dir.resolve("pair");
        assertThat(timbre("ensemble", "--out", pair.toString(), "--cache", cache.toString(),
                dir.resolve("m1").toString(), dir.resolve("m2").toString()).code()).isZero();
        EndToEndTest.Run refused = timbre("ensemble", "--out", nested.toString(), "--cache", cache.toString(),
                pair.toString(), dir.resolve("m1").toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err().strip()).hasLineCount(1).contains("is an ensemble already");

        EndToEndTest.Run self = timbre("ensemble", "--out", dir.resolve("m1").toString(), "--force", "--cache",
                cache.toString(), dir.resolve("m1").toString(), dir.resolve("m2").toString());
        assertThat(self.code()).isEqualTo(1);
        assertThat(self.err().strip()).hasLineCount(1).contains("is one of the runs");
    }

    @Test
    void aMovedCorpusIsFoundWithDataAndAChangedOneIsRefused() throws Exception {
        Path moved = dir.resolve("moved-corpus");
        try (var files = Files.walk(data)) {
            for (Path p : files.toList()) {
                Files.copy(p, moved.resolve(data.relativize(p).toString()));
            }
        }
        Path out = dir.resolve("ens-moved");
        EndToEndTest.Run made = timbre("ensemble", "--out", out.toString(), "--data", moved.toString(), "--cache",
                cache.toString(), dir.resolve("m1").toString(), dir.resolve("m2").toString());
        assertThat(made.code()).as(made.err()).isZero();
        assertThat(ModelBundle.read(out).manifest().training().data()).isEqualTo(moved.toAbsolutePath().toString());

        try (var cello = Files.list(moved.resolve("IRMAS-TrainingData/cel"))) {
            for (Path p : cello.toList()) {
                Files.delete(p);
            }
        }
        EndToEndTest.Run refused = timbre("ensemble", "--out", dir.resolve("ens-changed").toString(), "--data",
                moved.toString(), "--cache", cache.toString(), dir.resolve("m1").toString(),
                dir.resolve("m2").toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err().strip()).hasLineCount(1).contains(moved.toString())
                .contains("the data changed since training");
    }
}

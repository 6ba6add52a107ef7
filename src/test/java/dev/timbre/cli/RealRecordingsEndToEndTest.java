package dev.timbre.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.timbre.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static dev.timbre.cli.EndToEndTest.timbre;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sample bank from a few real recordings of {@code ../shared/real-train}: synthesized into a corpus with the
 * recording steps, a model trained two epochs on it, and scored on a labelled folder of real recordings and by
 * {@code bench real}.
 */
class RealRecordingsEndToEndTest {

    @Test
    void sampleBankSynthTrainEvaluate(@TempDir Path dir) throws Exception {
        Path realTrain = SharedData.realTrain();
        // A bank description of its own: a few cello and flute notes of two sources and a violin stem.
        List<String> rows = List.of(
                "philharmonia/cel/cello_A2_025_fortissimo_arco-normal.mp3\tcel\tphilharmonia\tnote\t45",
                "philharmonia/cel/cello_A2_025_mezzo-piano_arco-normal.mp3\tcel\tphilharmonia\tnote\t45",
                "philharmonia/flu/flute_A4_05_forte_normal.mp3\tflu\tphilharmonia\tnote\t69",
                "philharmonia/flu/flute_A4_15_pianissimo_normal.mp3\tflu\tphilharmonia\tnote\t69",
                "good-sounds/flu/246522__mtg__overall-quality-of-single-note-flute-c4.ogg\tflu\tgood-sounds\tnote\t",
                "urmp/vio/AuSep_1_vn_01_Jupiter.ogg\tvio\turmp\tstem\t");
        StringBuilder tsv = new StringBuilder("path\tclass\tsource\tkind\tmidi_pitch\n");
        for (String r : rows) {
            tsv.append(realTrain.resolve(r.substring(0, r.indexOf('\t')))).append(r.substring(r.indexOf('\t')))
                    .append('\n');
        }
        Path bank = Files.createDirectories(dir.resolve("bank")).resolve("manifest.tsv");
        Files.writeString(bank, tsv);
        Files.writeString(bank.resolveSibling("LICENCES.tsv"), "source\tkind\tlicence_as_stated\n"
                + "philharmonia\tnote\tfree to use, not to be sold as samples\n"
                + "good-sounds\tnote\tCC BY 3.0\nurmp\tstem\tresearch use\n");

        Path corpus = dir.resolve("corpus");
        EndToEndTest.Run synth = timbre("synth", "--out", corpus.toString(), "--train-per-class", "4",
                "--test-clips", "2", "--seed", "3", "--samples", bank.toString(), "--note-share", "0.8",
                "--phrase-share", "0.2", "--room", "0.5", "--colour", "0.5", "--noise", "0.5", "--compression", "0.5");
        assertThat(synth.code()).as(synth.err()).isZero();
        JsonNode manifest = new ObjectMapper().readTree(corpus.resolve("synth.json").toFile());
        assertThat(manifest.at("/recordedSources")).hasSize(3);
        assertThat(manifest.at("/recordedSources/0/name").asText()).isEqualTo("good-sounds");
        assertThat(manifest.at("/recordedSources/0/licence").asText()).isEqualTo("CC BY 3.0");
        assertThat(manifest.at("/recordedSources/1/notes/cel").asInt()).isEqualTo(2);
        assertThat(manifest.at("/recordedSources/2/phrases/vio").asInt()).isEqualTo(1);
        assertThat(manifest.at("/realism/room").asDouble()).isEqualTo(0.5);

        // With only permissive licences, the research-only stem and the restricted notes are left out.
        Path permissive = dir.resolve("permissive");
        EndToEndTest.Run strict = timbre("synth", "--out", permissive.toString(), "--train-per-class", "1",
                "--test-clips", "0", "--samples", bank.toString(), "--permissive-only");
        assertThat(strict.code()).as(strict.err()).isZero();
        JsonNode strictManifest = new ObjectMapper().readTree(permissive.resolve("synth.json").toFile());
        assertThat(strictManifest.at("/recordedSources")).hasSize(1);
        assertThat(strictManifest.at("/recordedSources/0/name").asText()).isEqualTo("good-sounds");

        Path run = dir.resolve("run");
        EndToEndTest.Run train = timbre("train", "--data", corpus.toString(), "--out", run.toString(),
                "--model", "pooled-cnn", "--features", "compact", "--hidden", "8", "--epochs", "2", "--batch", "8",
                "--cache", dir.resolve("cache").toString(), "--validation-fraction", "0.25", "--mask-bands", "8",
                "--mask-frames", "8");
        assertThat(train.code()).as(train.err()).isZero();
        JsonNode model = new ObjectMapper().readTree(run.resolve("model.json").toFile());
        assertThat(model.at("/training/corpus/recordedSources")).hasSize(3);
        assertThat(model.at("/training/settings/maskBands").asInt()).isEqualTo(8);
        assertThat(model.at("/features/sampleRate").asInt()).isEqualTo(22_050);

        // A labelled folder of real recordings: two of each of three instruments of the dev set.
        Path labelled = dir.resolve("labelled");
        for (String code : List.of("cel", "flu", "vio")) {
            Files.createDirectories(labelled.resolve(code));
            try (Stream<Path> s = Files.list(SharedData.realDev().resolve("fsd").resolve(code))) {
                for (Path f : s.sorted().limit(2).toList()) {
                    Files.copy(f, labelled.resolve(code).resolve(f.getFileName()));
                }
            }
        }
        Path results = dir.resolve("results.json");
        EndToEndTest.Run eval = timbre("evaluate", "--model", run.toString(), "--data", labelled.toString(),
                "--out", results.toString());
        assertThat(eval.code()).as(eval.err()).isZero();
        assertThat(eval.out()).containsPattern("95% bootstrap intervals \\(2000 resamples\\): micro-F1 with s2:[0-9.]+ "
                + "[0-9.]+-[0-9.]+; balanced top-1 [0-9.]+-[0-9.]+ \\(resampled within each class\\)");
        JsonNode r = new ObjectMapper().readTree(results.toFile());
        assertThat(r.at("/singleLabel/scores/clips").asInt()).isEqualTo(6);
        assertThat(r.at("/singleLabel/scores/perClass")).hasSize(3);
        long confused = 0;
        for (JsonNode row : r.at("/singleLabel/scores/confusion")) {
            for (JsonNode n : row) {
                confused += n.asLong();
            }
        }
        assertThat(confused).isEqualTo(6);

        EndToEndTest.Run bench = timbre("bench", "real", "--model", run.toString(), "--irmas",
                SharedData.irmasSample().toString(), "--recordings", labelled.toString(), "--mixes", "4", "--json",
                "--record");
        assertThat(bench.code()).as(bench.err()).isZero();
        String last = bench.out().strip().lines().reduce((a, b) -> b).orElseThrow();
        JsonNode figures = new ObjectMapper().readTree(last);
        assertThat(figures.at("/irmas/singleLabelClips").asInt()).isEqualTo(103);
        assertThat(figures.at("/recordings/balancedTop1").asDouble()).isBetween(0.0, 1.0);
        assertThat(figures.at("/mixes/clips").asInt()).isEqualTo(4);
        double balanced = figures.at("/recordings/balancedTop1").asDouble();
        assertThat(figures.at("/recordings/balancedTop1Interval/0").asDouble()).isLessThanOrEqualTo(balanced);
        assertThat(figures.at("/recordings/balancedTop1Interval/1").asDouble()).isGreaterThanOrEqualTo(balanced);
        assertThat(figures.at("/mixes/microF1Interval").size()).isEqualTo(2);
        assertThat(figures.at("/intervals/resamples").asInt()).isEqualTo(2000);
        // irmas-sample's one clarinet clip is a sixth of its balanced top-1 (six classes).
        assertThat(bench.out()).contains("cla has 1 clip: it moves balanced top-1 by 0.167, and the interval, "
                + "resampled within each class, leaves that out");

        // Against itself, on the same clips, a model leads by nothing, in every resample.
        EndToEndTest.Run self = timbre("bench", "real", "--model", run.toString(), "--against", run.toString(),
                "--irmas", SharedData.irmasSample().toString(), "--recordings", labelled.toString(), "--mixes", "4",
                "--resamples", "200", "--json");
        assertThat(self.code()).as(self.err()).isZero();
        JsonNode lead = new ObjectMapper().readTree(self.out().strip().lines().reduce((a, b) -> b).orElseThrow())
                .at("/against/lead");
        assertThat(lead.at("/recordings/balancedTop1").asDouble()).isZero();
        assertThat(lead.at("/recordings/balancedTop1Interval").toString()).isEqualTo("[0.0,0.0]");
        assertThat(lead.at("/mixes/microF1Interval").toString()).isEqualTo("[0.0,0.0]");
        assertThat(self.out()).contains("Lead of " + run + " over " + run + " on the same clips");
        assertThat(timbre("bench", "real", "--model", run.toString(), "--resamples", "5").err().strip())
                .hasLineCount(1).contains("--resamples must be 0 (no intervals) or at least 100");

        // The card names every recorded source with its licence, what that means, and the recorded figures.
        EndToEndTest.Run card = timbre("models", run.toString());
        assertThat(card.code()).as(card.err()).isZero();
        assertThat(card.out()).contains("recordings:   good-sounds: notes of flu 1; licence: CC BY 3.0")
                .contains("urmp: phrases of vio 1; licence: research use")
                .contains("not under permissive licences: philharmonia")
                .contains("real.recordings.balanced_top1")
                .contains("real.mixes.micro_f1");
        assertThat(timbre("bench", "real", "--record").err()).contains("--record needs --model");
    }
}

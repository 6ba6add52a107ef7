package dev.timbre.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.timbre.audio.AudioClip;
import dev.timbre.audio.WavReader;
import dev.timbre.predict.InstrumentRecognizer;
import dev.timbre.predict.Recognition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Synthesizes a tiny corpus, trains two epochs, evaluates and predicts, all through the command line. */
class EndToEndTest {

    record Run(int code, String out, String err) {
    }

    static Run timbre(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TimbreCli.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void synthTrainEvaluatePredict(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("corpus");
        Path run = dir.resolve("run");
        Path cache = dir.resolve("cache");

        Run synth = timbre("synth", "--out", data.toString(), "--train-per-class", "6", "--test-clips", "4",
                "--seed", "5");
        assertThat(synth.code()).as(synth.err()).isZero();
        assertThat(synth.out()).contains("Wrote 66 training and 4 testing clips");

        Run train = timbre("train", "--data", data.toString(), "--out", run.toString(), "--hidden", "16",
                "--epochs", "2", "--batch", "16", "--cache", cache.toString(), "--validation-fraction", "0.2");
        assertThat(train.code()).as(train.err()).isZero();
        assertThat(train.out()).containsPattern("(Trained all 2 epochs|Stopped early after epoch [12]: no lower "
                + "validation loss in [0-9]+ epochs); kept epoch [12] \\(lowest validation loss\\)\\.");
        assertThat(Files.readAllLines(run.resolve("epochs.csv"))).hasSize(3);
        JsonNode manifest = new ObjectMapper().readTree(run.resolve("model.json").toFile());
        assertThat(manifest.at("/model/architecture").asText()).isEqualTo("CNN");
        assertThat(manifest.at("/model/baseChannels").asInt()).isEqualTo(16);
        assertThat(manifest.at("/features/nMels").asInt()).isEqualTo(224);
        assertThat(manifest.at("/classes").size()).isEqualTo(11);
        assertThat(manifest.at("/training/seed").asLong()).isEqualTo(42);
        assertThat(manifest.at("/training/corpus/generator").asText()).isEqualTo("timbre synth");
        assertThat(manifest.at("/training/trainClips").asInt() + manifest.at("/training/validationClips").asInt())
                .isEqualTo(66);
        assertThat(manifest.at("/versions/djl").asText()).isNotBlank();

        byte[] manifestBefore = Files.readAllBytes(run.resolve("model.json"));
        Run unrecorded = timbre("evaluate", "--model", run.toString(), "--data", data.toString());
        assertThat(unrecorded.code()).as(unrecorded.err()).isZero();
        assertThat(Files.readAllBytes(run.resolve("model.json"))).as("model.json without --record")
                .isEqualTo(manifestBefore);
        Files.delete(run.resolve("results.csv"));
        Run eval = timbre("evaluate", "--model", run.toString(), "--data", data.toString(), "--record");
        assertThat(eval.code()).as(eval.err()).isZero();
        JsonNode results = new ObjectMapper().readTree(run.resolve("results.json").toFile());
        for (String rule : List.of("majority", "s1", "s2")) {
            for (String avg : List.of("micro", "macro")) {
                for (String m : List.of("precision", "recall", "f1")) {
                    JsonNode v = results.at("/rules/" + rule + "/" + avg + "/" + m);
                    assertThat(v.isNumber()).as(rule + "." + avg + "." + m).isTrue();
                    assertThat(v.asDouble()).isBetween(0.0, 1.0);
                }
            }
        }
        assertThat(results.get("clips").asInt()).isEqualTo(4);
        assertThat(results.at("/knownCount/microF1").isNumber()).isTrue();
        assertThat(results.at("/knownCount/microF1").asDouble()).isBetween(0.0, 1.0);
        int grouped = 0;
        for (JsonNode g : results.at("/knownCount/groups")) {
            assertThat(g.get("labels").asInt()).isBetween(1, 4);
            grouped += g.get("clips").asInt();
        }
        assertThat(grouped).as("every clip in one label-count group").isEqualTo(4);
        JsonNode updated = new ObjectMapper().readTree(run.resolve("model.json").toFile());
        assertThat(updated.at("/metrics/test.known_count.micro.f1").isNumber()).isTrue();
        assertThat(updated.at("/metrics/test.s2.micro.f1").asDouble())
                .isEqualTo(results.at("/rules/s2/micro/f1").asDouble());
        Run card = timbre("models", run.toString());
        assertThat(card.code()).as(card.err()).isZero();
        assertThat(card.out()).contains("cnn (n=16, mono, relu)").contains("timbre synth")
                .contains("synthesized General MIDI");
        List<String> csv = Files.readAllLines(run.resolve("results.csv"));
        assertThat(csv).hasSize(2);
        assertThat(csv.get(0)).startsWith("model,threshold_majority,threshold_s1,threshold_s2,f1_majority_macro");

        Path testWav;
        try (Stream<Path> s = Files.walk(data.resolve("IRMAS-TestingData-Part1"))) {
            testWav = s.filter(p -> p.toString().endsWith(".wav")).findFirst().orElseThrow();
        }
        Path bad = dir.resolve("bad.wav");
        Files.writeString(bad, "not audio");
        Run predict = timbre("predict", "--model", run.toString(), "--format", "json", "--timeline",
                testWav.toString(), bad.toString());
        assertThat(predict.code()).isEqualTo(2);
        assertThat(predict.err()).contains("bad.wav");
        String line = predict.out().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow();
        JsonNode p = new ObjectMapper().readTree(line);
        assertThat(p.get("file").asText()).isEqualTo(testWav.toString());
        assertThat(p.get("scores").size()).isEqualTo(11);
        assertThat(p.get("instruments").isArray()).isTrue();
        AudioClip clip = WavReader.read(testWav);
        JsonNode timeline = p.get("timeline");
        assertThat(timeline.size()).isGreaterThanOrEqualTo(2);
        assertThat(timeline.get(timeline.size() - 1).get("end").asDouble())
                .isCloseTo(clip.durationSeconds(), org.assertj.core.data.Offset.offset(0.01));

        // The Java API gives the same clip scores as the command.
        try (InstrumentRecognizer r = InstrumentRecognizer.load(run)) {
            Recognition rec = r.recognize(clip.channels(), clip.sampleRate());
            assertThat(rec.scores().get("cel")).isCloseTo(p.get("scores").get("cel").asDouble(),
                    org.assertj.core.data.Offset.offset(1e-3));
        }

        // A plain folder of labelled recordings: single-label scores beside the rules.
        Path labelled = dir.resolve("labelled");
        Files.createDirectories(labelled.resolve("pia"));
        Files.createDirectories(labelled.resolve("songs"));
        Files.copy(testWav, labelled.resolve("pia/take.wav"));
        Files.copy(testWav, labelled.resolve("songs/mix.wav"));
        Files.writeString(labelled.resolve("songs/mix.txt"), "pia\t\nvoi\t\n");
        Path folderResults = dir.resolve("folder-results.json");
        Run folder = timbre("evaluate", "--model", run.toString(), "--data", labelled.toString(), "--out",
                folderResults.toString());
        assertThat(folder.code()).as(folder.err()).isZero();
        assertThat(folder.out()).contains("1 clips with one instrument").contains("balanced top-1")
                .contains("confusion");
        JsonNode fr = new ObjectMapper().readTree(folderResults.toFile());
        assertThat(fr.get("clips").asInt()).isEqualTo(2);
        assertThat(fr.at("/singleLabel/scores/clips").asInt()).isEqualTo(1);
        assertThat(fr.at("/singleLabel/scores/perClass/0/code").asText()).isEqualTo("pia");
        double top1 = fr.at("/singleLabel/scores/top1").asDouble();
        assertThat(top1).isIn(0.0, 1.0);
        assertThat(fr.at("/singleLabel/scores/balancedTop1").asDouble()).isEqualTo(top1);

        // Without --model, the bundled model; a folder named through a symbolic link is walked at its target.
        Path link = Files.createSymbolicLink(dir.resolve("labelled-link"), labelled);
        Run bundled = timbre("evaluate", "--data", link.toString());
        assertThat(bundled.code()).as(bundled.err()).isZero();
        assertThat(bundled.out()).contains("timbre-default").contains("1 clips with one instrument");
        assertThat(link.resolve("results.json")).doesNotExist();
        Run recordBundled = timbre("evaluate", "--data", link.toString(), "--record");
        assertThat(recordBundled.code()).isEqualTo(1);
        assertThat(recordBundled.err().strip()).isEqualTo("timbre evaluate: --record needs --model: the bundled "
                + "model cannot be changed");

        // Resumable JSONL: a second run over the same output predicts nothing new.
        Path jsonl = dir.resolve("out.jsonl");
        Run first = timbre("predict", "--model", run.toString(), "--format", "json", "--out", jsonl.toString(),
                "--stats", testWav.toString());
        assertThat(first.code()).isZero();
        // --stats: the throughput as a real-time factor and in audio hours per second.
        assertThat(first.err()).containsPattern("1 files, [0-9.]+ s of audio in [0-9.]+ s: [0-9]+× real time "
                + "\\([0-9.]+ audio hours/s\\)");
        assertThat(timbre("predict", "--model", run.toString(), "--format", "json", "--out", jsonl.toString(),
                testWav.toString()).code()).isZero();
        assertThat(Files.readAllLines(jsonl)).hasSize(1);
    }

    @Test
    void errorsAreOneLine(@TempDir Path dir) throws Exception {
        Run missing = timbre("evaluate", "--model", dir.resolve("nope").toString(), "--data", dir.toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err().strip().lines().count()).isEqualTo(1);
        assertThat(missing.err()).contains("nope").contains("not a model bundle");

        Run badOption = timbre("train", "--data", dir.toString(), "--out", dir.resolve("r").toString(),
                "--activation", "tanh");
        assertThat(badOption.code()).isEqualTo(1);
        assertThat(badOption.err()).contains("--activation must be relu or leaky-relu");

        for (String lead : List.of("3-18", "12:3")) {
            Run badLead = timbre("synth", "--out", dir.resolve("c").toString(), "--lead-db", lead);
            assertThat(badLead.code()).as(lead).isEqualTo(1);
            assertThat(badLead.err().strip().lines().toList()).as(lead).singleElement().asString()
                    .startsWith("timbre synth: --lead-db must be MIN:MAX");
        }
        assertThat(dir.resolve("c")).doesNotExist();

        Path bad = dir.resolve("x.wav");
        Files.write(bad, new byte[]{'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'A', 'V', 'E'});
        Run predict = timbre("predict", "--model", dir.resolve("nope").toString(), bad.toString());
        assertThat(predict.code()).isEqualTo(1);
        assertThat(predict.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }
}

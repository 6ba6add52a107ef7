package dev.timbre.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.timbre.workflow.ExperimentGrid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.timbre.cli.EndToEndTest.timbre;
import static org.assertj.core.api.Assertions.assertThat;

class ExperimentCommandTest {

    @Test
    void aFailedRunIsRecordedTheRestGoOnAndARerunSkipsWhatIsComplete(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("corpus");
        Path exp = dir.resolve("exp");
        assertThat(timbre("synth", "--out", data.toString(), "--train-per-class", "6", "--test-clips", "3",
                "--seed", "7").code()).isZero();
        Path grid = dir.resolve("grid.json");
        Files.writeString(grid, """
                {"name": "tiny",
                 "defaults": "--epochs 1 --batch 16 --validation-fraction 0.2 --hidden 4",
                 "runs": [
                   {"name": "broken", "args": ["--batch", "1"]},
                   {"name": "small", "args": "--model cnn"},
                   {"name": "wider", "args": "--model cnn --hidden 8"}
                 ]}""");
        String[] args = {"experiment", "--data", data.toString(), "--grid", grid.toString(), "--out", exp.toString(),
                "--cache", dir.resolve("cache").toString()};

        EndToEndTest.Run first = timbre(args);
        assertThat(first.code()).as(first.err()).isEqualTo(2);
        assertThat(first.out()).contains("broken: FAILED: batch size must be at least 2")
                .contains("2 complete, 1 failed");
        List<String> csv = Files.readAllLines(exp.resolve("results.csv"));
        assertThat(csv).hasSize(5);
        assertThat(csv.get(0)).startsWith("model,threshold_majority,threshold_s1,threshold_s2");
        assertThat(csv.get(1)).startsWith("small,");
        assertThat(csv.get(2)).startsWith("small@study,0.3333").contains(",0.1000,0.4000,");
        JsonNode log = new ObjectMapper().readTree(exp.resolve("experiment.json").toFile());
        assertThat(log.at("/runs/0/state").asText()).isEqualTo("failed");
        assertThat(log.at("/runs/0/error").asText()).contains("batch size");
        assertThat(log.at("/runs/1/state").asText()).isEqualTo("complete");
        JsonNode results = new ObjectMapper().readTree(exp.resolve("runs/small/results.json").toFile());
        assertThat(results.at("/model").asText()).isEqualTo("small");
        assertThat(results.at("/rules/s2/micro/f1").isNumber()).isTrue();
        assertThat(exp.resolve("runs/small/model.json")).exists();

        EndToEndTest.Run second = timbre(args);
        assertThat(second.out()).contains("small: complete, skipped").contains("broken: FAILED");
        assertThat(Files.readAllLines(exp.resolve("results.csv"))).isEqualTo(csv);

        EndToEndTest.Run report = timbre("report", exp.toString());
        assertThat(report.code()).as(report.err()).isZero();
        assertThat(report.out()).contains("Report of 2 runs");
        String html = Files.readString(exp.resolve("report/index.html"));
        assertThat(html).contains("<td>small</td>").contains("<td>small@study</td>")
                .contains("data:image/png;base64,").contains("The threshold study").contains("θ per class");
        String md = Files.readString(exp.resolve("report/report.md"));
        assertThat(md).contains("| small |").contains("![").contains("charts/thresholds.png")
                .contains("k being its true number of instruments");
        // Each run's S2 micro-F1 with its interval, and the two runs that differ in width only, paired.
        assertThat(md).contains("### How far the test figures move")
                .containsPattern("\\| small \\| [0-9.]+ \\| [0-9.]+–[0-9.]+ \\|")
                .containsPattern("\\| wider \\(n=8\\) \\| small \\(n=4\\) \\| [-+][0-9.]+ \\| [-+][0-9.]+ to [-+][0-9.]+ \\|");
        for (String chart : List.of("all-models", "han2016", "thresholds", "precision-recall",
                "precision-recall-s1", "precision-recall-majority", "per-class",
                "confusion", "training-loss", "clip-waveform", "clip-stft-frames", "clip-spectrogram",
                "clip-mel-spectrogram", "clip-zero-crossing-rate")) {
            Path png = exp.resolve("report/charts/" + chart + ".png");
            java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(png.toFile());
            assertThat(img).as(chart).isNotNull();
            assertThat(distinctColours(img)).as(chart + " is not blank").isGreaterThan(20);
        }
        lookAtTheReportInChromium(exp.resolve("report/index.html"), dir.resolve("report.png"));
        EndToEndTest.Run notAnExperiment = timbre("report", dir.toString());
        assertThat(notAnExperiment.code()).isEqualTo(1);
        assertThat(notAnExperiment.err()).contains("not an experiment directory");
    }

    /**
     * The page as a reader sees it: every chart image decodes in the browser at full size, and the screenshot is
     * not blank. Skipped (not failed) where Chromium is not installed.
     */
    static void lookAtTheReportInChromium(Path html, Path screenshot) throws Exception {
        var chrome = dev.timbre.testing.HeadlessChromium.start(1100, 1400);
        if (chrome.isEmpty()) {
            System.err.println("report not looked at: " + dev.timbre.testing.HeadlessChromium.MISSING);
            return;
        }
        org.openqa.selenium.WebDriver browser = chrome.get();
        try {
            browser.get(html.toUri().toString());
            Object broken = ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                    "return [...document.images].filter(i => !i.complete || i.naturalWidth < 800)"
                    + ".map(i => i.alt);");
            assertThat((List<?>) broken).as("charts that did not render").isEmpty();
            Object count = ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                    "return document.images.length;");
            assertThat(((Number) count).intValue()).isGreaterThanOrEqualTo(12);
            byte[] png = ((org.openqa.selenium.TakesScreenshot) browser)
                    .getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
            Files.write(screenshot, png);
            java.awt.image.BufferedImage shot = javax.imageio.ImageIO.read(screenshot.toFile());
            assertThat(distinctColours(shot)).isGreaterThan(50);
        } finally {
            browser.quit();
        }
    }

    static int distinctColours(java.awt.image.BufferedImage img) {
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                colours.add(img.getRGB(x, y));
            }
        }
        return colours.size();
    }

    @Test
    void aBadOptionInAnyRunStopsTheExperimentBeforeTraining(@TempDir Path dir) throws Exception {
        Path grid = dir.resolve("g.json");
        Files.writeString(grid, "{\"runs\": [{\"name\": \"ok\", \"args\": \"--model cnn\"},"
                + " {\"name\": \"odd\", \"args\": \"--activation tanh\"}]}");
        EndToEndTest.Run r = timbre("experiment", "--data", dir.toString(), "--grid", grid.toString(), "--out",
                dir.resolve("exp").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("timbre experiment: grid 'g', run 'odd': --activation must be relu "
                + "or leaky-relu, got 'tanh'");
        assertThat(dir.resolve("exp")).doesNotExist();
    }

    @Test
    void aMissingDataSetIsOneErrorBeforeAnyRun(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("no-corpus");
        EndToEndTest.Run r = timbre("experiment", "--data", missing.toString(), "--grid", "quick", "--out",
                dir.resolve("exp").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("timbre experiment: " + missing + ": no such directory");
        assertThat(dir.resolve("exp")).doesNotExist();
    }

    @Test
    void everyBuiltInRunParsesAsTimbreTrainWouldParseIt() {
        for (ExperimentGrid g : List.of(ExperimentGrid.study(), ExperimentGrid.quick())) {
            for (ExperimentGrid.Run run : g.runs()) {
                ExperimentCommand.RunOptions o = ExperimentCommand.parse(g, run);
                assertThat(o.model.spec().describe()).as(run.name()).isNotBlank();
                assertThat(o.training.settings().maxEpochs()).isEqualTo(g.name().equals("quick") ? 20 : 200);
            }
        }
        assertThat(ExperimentGrid.study().runs()).hasSize(20);
    }
}

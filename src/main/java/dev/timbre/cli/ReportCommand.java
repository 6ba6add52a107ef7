package dev.timbre.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.timbre.audio.AudioClip;
import dev.timbre.dataset.IrmasDataset;
import dev.timbre.feature.ChannelMode;
import dev.timbre.feature.FeaturePipeline;
import dev.timbre.feature.FeatureSettings;
import dev.timbre.report.ExperimentReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code timbre report EXP_DIR}: the study's tables and charts for an experiment, as HTML and Markdown. */
@Command(name = "report", mixinStandardHelpOptions = true,
        header = "Write an experiment's report: the study's tables and charts, as HTML and Markdown.",
        description = {"Write EXP_DIR/report/index.html (self-contained) and report.md: the study's tables, "
                + "bar charts, the threshold study, per-class F1, confusion, training curves and the "
                + "illustrations of one clip."})
public final class ReportCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXP_DIR", description = "An experiment directory (timbre experiment --out).")
    Path exp;

    @Option(names = "--clip", description = "Audio file for the illustrations (default: the experiment's first "
            + "testing clip).")
    Path clip;

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        Path example = clip;
        if (example == null) {
            Path log = exp.resolve("experiment.json");
            if (Files.exists(log)) {
                Path data = Path.of(new ObjectMapper().readTree(log.toFile()).path("data").asText());
                if (Files.isDirectory(data)) {
                    var testing = IrmasDataset.open(data).testing();
                    example = testing.isEmpty() ? null : testing.get(0).file();
                }
            }
        }
        AudioClip audio = null;
        if (example != null) {
            audio = new FeaturePipeline(FeatureSettings.study(ChannelMode.MONO), null).load(example);
        }
        ExperimentReport.Result r = ExperimentReport.write(exp, audio,
                example == null ? "" : example.getFileName().toString());
        w.printf("Report of %d runs: %s and %s (%d charts in %s)%n", r.runs(), r.html(), r.markdown(),
                r.charts().size(), r.html().resolveSibling("charts"));
        return 0;
    }
}

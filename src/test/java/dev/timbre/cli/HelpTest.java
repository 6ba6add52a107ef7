package dev.timbre.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line's help reads as sentences, and a command line without a command is a usage error. */
class HelpTest {

    @Test
    void everyCommandsSummaryIsAFullSentence() {
        List<String> problems = new ArrayList<>();
        collect(TimbreCli.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())),
                problems);
        assertThat(problems).isEmpty();
    }

    /** The summary is what `timbre --help` lists: the header's first line, else the description's. */
    private static void collect(CommandLine cl, List<String> problems) {
        var usage = cl.getCommandSpec().usageMessage();
        String[] lines = usage.header().length > 0 ? usage.header() : usage.description();
        String summary = lines.length == 0 ? "" : lines[0].strip();
        if (!summary.endsWith(".")) {
            problems.add(cl.getCommandSpec().qualifiedName() + ": \"" + summary + "\"");
        }
        for (var option : cl.getCommandSpec().options()) {
            String text = String.join(" ", option.description()).strip();
            if (!text.endsWith(".")) {
                problems.add(cl.getCommandSpec().qualifiedName() + " " + option.longestName() + ": \"" + text + "\"");
            }
        }
        cl.getSubcommands().values().forEach(sub -> collect(sub, problems));
    }

    @Test
    void benchWithoutAMeasurementPrintsItsUsageOnStderrAndExits2() {
        EndToEndTest.Run r = EndToEndTest.timbre("bench");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("Usage: timbre bench").contains("real");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void demoRefusesToTrainOverACompleteBundleWithoutForce(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Files.writeString(dir.resolve("model.json"), "{}");
        EndToEndTest.Run r = EndToEndTest.timbre("demo", "--out", dir.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("timbre demo: " + dir + ": already holds a complete model bundle; "
                + "pass --force to train over it, or choose another --out");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void demoRefusesABadScheduleBeforeSynthesizing(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        EndToEndTest.Run r = EndToEndTest.timbre("demo", "--out", dir.resolve("run").toString(), "--epochs", "0",
                "--cache", dir.resolve("cache").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("timbre demo: epochs must be at least 1");
        assertThat(r.out()).isEmpty();
        assertThat(dir.resolve("cache")).doesNotExist();
    }

    @Test
    void noCommandPrintsTheUsageOnStderrAndExits2() {
        EndToEndTest.Run r = EndToEndTest.timbre();
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("Usage: timbre").contains("Commands:").contains("predict");
        assertThat(r.out()).isEmpty();
    }
}

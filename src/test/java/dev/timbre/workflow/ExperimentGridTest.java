package dev.timbre.workflow;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExperimentGridTest {

    @Test
    void argsComeAsAStringOrAListAndFollowTheDefaults(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("mine.json");
        Files.writeString(f, "{\"defaults\": \"--epochs 3\", \"runs\": [{\"name\": \"a\", \"args\": \"--hidden  16\"},"
                + " {\"name\": \"b\", \"args\": [\"--epochs\", \"5\"]}]}");
        ExperimentGrid g = ExperimentGrid.load(f.toString());
        assertThat(g.name()).isEqualTo("mine");
        assertThat(g.argsOf(g.runs().get(0))).containsExactly("--epochs", "3", "--hidden", "16");
        assertThat(g.argsOf(g.runs().get(1))).containsExactly("--epochs", "3", "--epochs", "5");
    }

    @Test
    void badGridsAreOneClearLine(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> ExperimentGrid.load(dir.resolve("none.json").toString()))
                .hasMessageContaining("no such grid file");
        Path notJson = Files.writeString(dir.resolve("x.json"), "runs: [a]");
        assertThatThrownBy(() -> ExperimentGrid.read(notJson)).hasMessageContaining("not a JSON grid");
        Path dup = Files.writeString(dir.resolve("d.json"),
                "{\"runs\": [{\"name\": \"a\"}, {\"name\": \"A\"}]}");
        assertThatThrownBy(() -> ExperimentGrid.read(dup)).hasMessageContaining("'A' appears twice");
        Path out = Files.writeString(dir.resolve("o.json"),
                "{\"runs\": [{\"name\": \"a\", \"args\": \"--out /tmp/x\"}]}");
        assertThatThrownBy(() -> ExperimentGrid.read(out)).hasMessageContaining("--data and --out are the experiment's");
        assertThatThrownBy(() -> new ExperimentGrid("g", List.of(), List.of(new ExperimentGrid.Run("../up", List.of()))))
                .hasMessageContaining("run name '../up'");
    }

    @Test
    void theStudyGridHasTheStudysRuns() {
        List<String> names = ExperimentGrid.study().runs().stream().map(ExperimentGrid.Run::name).toList();
        assertThat(names).contains("cnn-mono-relu-16", "cnn-stereo-leaky-32", "crnn-mono-relu-32",
                "crnn-stereo-leaky-16", "coatnet-mono", "cnn-mono-relu-32-zcr", "crnn-mono-relu-32-zcr", "han2016");
        assertThat(ExperimentGrid.quick().runs()).hasSize(7);
    }
}

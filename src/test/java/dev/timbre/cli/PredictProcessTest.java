package dev.timbre.cli;

import dev.timbre.audio.AudioClip;
import dev.timbre.audio.WavWriter;
import dev.timbre.testing.TinyCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code timbre predict} in a process of its own, where the engine's native code writes to the real stderr: a 3-s
 * clip (one window of the bundled model's compact maps) is tagged without PyTorch's NNPACK warning, which it used
 * to print twice per file on CPUs NNPACK does not support (on one it supports, there is no warning either way).
 */
class PredictProcessTest {

    @Test
    void aOneWindowClipIsTaggedWithoutEngineWarnings(@TempDir Path dir) throws Exception {
        Path clip = dir.resolve("clip.wav");
        WavWriter.write16(clip, new AudioClip(new float[][]{TinyCorpus.tone(440, 3, new Random(1))}, 44_100));
        Path stderr = dir.resolve("stderr.txt");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process predict = new ProcessBuilder(List.of(
                ProcessHandle.current().info().command().orElse("java"), "-cp", classpath,
                "-Dai.djl.offline=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "dev.timbre.cli.TimbreCli", "predict", "--format", "json", clip.toString()))
                .redirectError(stderr.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .start();
        assertThat(predict.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(predict.exitValue()).isZero();
        assertThat(Files.readString(dir.resolve("stdout.txt"))).contains("\"instruments\"");
        assertThat(Files.readString(stderr)).doesNotContain("NNPACK");
    }
}

package dev.timbre.serve;

import dev.timbre.audio.AudioClip;
import dev.timbre.audio.AudioDecoder;
import dev.timbre.audio.UnsupportedAudioFormatException;
import dev.timbre.audio.WavReader;
import dev.timbre.predict.AudioTooLongException;
import dev.timbre.predict.InstrumentScore;
import dev.timbre.predict.ModelIdentity;
import dev.timbre.predict.ModelCard;
import dev.timbre.predict.Recognition;
import dev.timbre.predict.Recognizer;
import dev.timbre.predict.TimelineWindow;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A test double that really decodes WAV (so bad audio fails as it would in production) and scores
 * deterministically: "pia" gets the clip's peak, "voi" a fixed 0.25; one timeline window per second.
 * A positive {@code delayMillis} makes every recognition slow, for overload tests. {@link #anyFormat()} decodes
 * with the production {@link AudioDecoder} instead, so its errors (and their messages) are the real ones.
 */
final class WavTestRecognizer implements Recognizer {
    private final long delayMillis;
    private final boolean anyFormat;
    /** The file the last recognition was given, to see what the server hands the decoder. */
    volatile Path lastFile;

    WavTestRecognizer(long delayMillis) {
        this(delayMillis, false);
    }

    private WavTestRecognizer(long delayMillis, boolean anyFormat) {
        this.delayMillis = delayMillis;
        this.anyFormat = anyFormat;
    }

    static WavTestRecognizer anyFormat() {
        return new WavTestRecognizer(0, true);
    }

    @Override
    public Recognition recognize(Path audioFile, double maxSeconds) throws IOException {
        lastFile = audioFile;
        if (!anyFormat) {
            try (InputStream in = Files.newInputStream(audioFile)) {
                String magic = new String(in.readNBytes(4), StandardCharsets.US_ASCII);
                if (!magic.equals("RIFF")) throw new UnsupportedAudioFormatException(audioFile, "not a WAV file");
            }
        }
        AudioClip clip = anyFormat ? AudioDecoder.read(audioFile) : WavReader.read(audioFile);
        if (clip.durationSeconds() > maxSeconds) {
            throw new AudioTooLongException(audioFile, maxSeconds, "read " + clip.durationSeconds() + " s");
        }
        return recognize(clip.channels(), clip.sampleRate());
    }

    @Override
    public Recognition recognize(float[][] audio, int sampleRate) {
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        double peak = 0;
        for (float[] channel : audio) for (float v : channel) peak = Math.max(peak, Math.abs(v));
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("pia", peak);
        scores.put("voi", 0.25);
        double duration = (double) audio[0].length / sampleRate;
        List<TimelineWindow> timeline = new ArrayList<>();
        for (int s = 0; s < Math.ceil(duration); s++) {
            timeline.add(new TimelineWindow(s, Math.min(s + 1, duration), false, scores));
        }
        return new Recognition(List.of(new InstrumentScore("pia", "piano", peak, 1.0)), scores, scores, timeline,
                duration, "test:peak", new ModelIdentity("wav-test-double", "2026-12-01T00:00:00Z", "0".repeat(64)),
                List.of());
    }

    @Override
    public ModelCard card() {
        return new ModelCard("wav-test-double", "none", List.of("pia", "voi"), "nothing", List.of(), Map.of(), "test double",
                List.of());
    }

    @Override
    public void close() {
    }
}

package dev.timbre.report;

import dev.timbre.audio.AudioClip;
import dev.timbre.feature.ChannelMode;
import dev.timbre.feature.FeatureSettings;
import dev.timbre.feature.MelSpectrogram;
import dev.timbre.feature.ZeroCrossingRate;
import org.knowm.xchart.internal.chartpart.Chart;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The study's illustrations of one clip, computed by the same feature code the models use: the waveform, the
 * STFT magnitude of a few frames, the linear-frequency spectrogram, the mel spectrogram and the zero-crossing rate.
 * Spectrograms are pooled for drawing only (a chart of 2,049 × 259 cells says no more than one of 128 × 130).
 */
public final class ClipIllustrations {

    private ClipIllustrations() {
    }

    /**
     * @param clip  any clip at the settings' rate; its first window (3 s) is drawn, mixed to mono
     * @param title shown above each chart (e.g. the file name)
     * @return chart file name stem → chart, in the study's order
     */
    public static Map<String, Chart<?, ?>> of(AudioClip clip, String title) {
        FeatureSettings fs = FeatureSettings.study(ChannelMode.MONO);
        if (clip.sampleRate() != fs.sampleRate()) {
            throw new IllegalArgumentException("illustrations need " + fs.sampleRate() + " Hz audio, got "
                    + clip.sampleRate());
        }
        MelSpectrogram mel = new MelSpectrogram(fs);
        float[][] window = new float[clip.channelCount()][];
        for (int c = 0; c < clip.channelCount(); c++) {
            window[c] = java.util.Arrays.copyOf(clip.channels()[c], fs.windowFrames());
        }
        float[] y = mel.normalizedMaps(window)[0];
        double sr = fs.sampleRate();
        Map<String, Chart<?, ?>> charts = new LinkedHashMap<>();

        int step = Math.max(1, y.length / 4000);
        double[][] wave = new double[2][y.length / step];
        for (int i = 0; i < wave[0].length; i++) {
            wave[0][i] = i * step / sr;
            wave[1][i] = y[i * step];
        }
        charts.put("waveform", ReportCharts.lines("Waveform — " + title, "time (s)", "amplitude",
                Map.of("mono, normalised", wave), -1.0, 1.0, false));

        float[][] magnitude = mel.stft().magnitude(y);
        Map<String, double[][]> frames = new LinkedHashMap<>();
        double binHz = sr / fs.nFft();
        for (int f : new int[]{magnitude.length / 4, magnitude.length / 2, 3 * magnitude.length / 4}) {
            int bins = (int) Math.min(magnitude[f].length, 8000 / binHz);
            double[][] xy = new double[2][bins];
            for (int b = 0; b < bins; b++) {
                xy[0][b] = b * binHz;
                xy[1][b] = 20 * Math.log10(Math.max(magnitude[f][b], 1e-5));
            }
            frames.put(String.format("frame %d (%.2f s)", f, f * fs.hopLength() / sr), xy);
        }
        charts.put("stft-frames", ReportCharts.lines("STFT magnitude of three frames (0–8 kHz)", "frequency (Hz)",
                "magnitude (dB)", frames, null, null, false));

        double[][] linear = pooledDb(magnitude, 128, 130, true);
        charts.put("spectrogram", ReportCharts.heatMap("Linear-frequency spectrogram (dB, 0–22 kHz)",
                "frame", "frequency bin group", ticks(linear.length), ticks(linear[0].length), linear, false));

        float[][][] maps = mel.compute(window);
        double[][] melDb = new double[maps[0][0].length][maps[0].length];
        for (int m = 0; m < maps[0].length; m++) {
            for (int t = 0; t < maps[0][m].length; t++) {
                melDb[t][m] = maps[0][m][t];
            }
        }
        double[][] melPooled = pool(melDb, 128, 112);
        charts.put("mel-spectrogram", ReportCharts.heatMap("Mel spectrogram, 224 bands (dB, the network's input)",
                "frame", "mel band group", ticks(melPooled.length), ticks(melPooled[0].length), melPooled, false));

        float[] zcr = ZeroCrossingRate.compute(y, fs.nFft(), fs.hopLength());
        double[][] z = new double[2][zcr.length];
        for (int i = 0; i < zcr.length; i++) {
            z[0][i] = i * fs.hopLength() / sr;
            z[1][i] = zcr[i];
        }
        charts.put("zero-crossing-rate", ReportCharts.lines("Zero-crossing rate", "time (s)", "rate",
                Map.of("ZCR (frame 4096, hop 512)", z), 0.0, null, false));
        return charts;
    }

    /** {@code (frames, bins)} magnitudes → {@code (≤ nx, ≤ ny)} mean dB cells. */
    private static double[][] pooledDb(float[][] magnitude, int nx, int ny, boolean toDb) {
        double[][] db = new double[magnitude.length][magnitude[0].length];
        for (int t = 0; t < magnitude.length; t++) {
            for (int b = 0; b < magnitude[t].length; b++) {
                db[t][b] = toDb ? 20 * Math.log10(Math.max(magnitude[t][b], 1e-5)) : magnitude[t][b];
            }
        }
        return pool(db, nx, ny);
    }

    static double[][] pool(double[][] v, int nx, int ny) {
        int fx = Math.max(1, (v.length + nx - 1) / nx);
        int fy = Math.max(1, (v[0].length + ny - 1) / ny);
        double[][] out = new double[(v.length + fx - 1) / fx][(v[0].length + fy - 1) / fy];
        int[][] n = new int[out.length][out[0].length];
        for (int x = 0; x < v.length; x++) {
            for (int y = 0; y < v[x].length; y++) {
                out[x / fx][y / fy] += v[x][y];
                n[x / fx][y / fy]++;
            }
        }
        for (int x = 0; x < out.length; x++) {
            for (int y = 0; y < out[x].length; y++) {
                out[x][y] /= n[x][y];
            }
        }
        return out;
    }

    private static List<Integer> ticks(int n) {
        List<Integer> t = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            t.add(i);
        }
        return t;
    }
}

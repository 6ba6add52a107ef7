package dev.timbre.feature;

import dev.timbre.audio.AudioClip;
import dev.timbre.audio.WavWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

class FeatureCacheTest {

    static Path tone(Path dir, String name, double hz) throws Exception {
        float[] y = new float[dev.timbre.dataset.IrmasDataset.CLIP_FRAMES];
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) (0.5 * Math.sin(2 * Math.PI * hz * i / 44_100));
        }
        Path f = dir.resolve(name);
        WavWriter.write16(f, new AudioClip(new float[][]{y, y}, 44_100));
        return f;
    }

    @Test
    void storesOnceAndReadsBackWithinHalfPrecision(@TempDir Path dir) throws Exception {
        Path wav = tone(dir, "a.wav", 440);
        FeatureSettings s = FeatureSettings.study(ChannelMode.STEREO);
        FeaturePipeline direct = new FeaturePipeline(s, null);
        float[][][] exact = direct.window(direct.load(wav), 0);
        FeatureCache cache = new FeatureCache(dir.resolve("cache"));
        AtomicInteger computed = new AtomicInteger();
        FeatureCache.FeatureSource source = f -> {
            computed.incrementAndGet();
            return direct.window(direct.load(f), 0);
        };
        FeatureMap first = cache.get(wav, s, source);
        FeatureMap second = cache.get(wav, s, source);
        assertThat(computed).hasValue(1);
        float[] a = new float[first.length()];
        float[] b = new float[second.length()];
        first.copyTo(a, 0);
        second.copyTo(b, 0);
        assertThat(b).containsExactly(a);
        float[] flat = new float[a.length];
        MelSpectrogram.flatten(exact, flat, 0);
        for (int i = 0; i < flat.length; i++) {
            assertThat((double) a[i]).isCloseTo(flat[i], offset(0.05)); // float16 step at 64..80 dB is 0.0625
        }
        try (Stream<Path> files = Files.walk(dir.resolve("cache"))) {
            List<Path> entries = files.filter(p -> p.toString().endsWith(".f16")).toList();
            assertThat(entries).hasSize(1);
            assertThat(Files.size(entries.get(0))).isEqualTo(16 + 2L * 2 * 224 * 256);
        }
        // other settings, other entry
        cache.get(wav, s.withChannels(ChannelMode.MONO), source);
        assertThat(computed).hasValue(2);
    }

    @Test
    void aWarmCacheFindsContentHashesWithoutReadingTheAudioAndNoticesAChangedFile(@TempDir Path dir)
            throws Exception {
        Path wav = tone(dir, "w.wav", 330);
        // Older than the racy window, as files of a data set are: their hashes may be remembered.
        Files.setLastModifiedTime(wav, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        FeatureSettings s = FeatureSettings.study(ChannelMode.MONO);
        FeaturePipeline direct = new FeaturePipeline(s, null);
        AtomicInteger computed = new AtomicInteger();
        FeatureCache.FeatureSource source = f -> {
            computed.incrementAndGet();
            return direct.window(direct.load(f), 0);
        };
        FeatureCache cold = new FeatureCache(dir.resolve("cache"));
        Path entry = cold.entryFor(wav, s);
        cold.get(wav, s, source);
        assertThat(cold.filesHashed()).isEqualTo(1);

        // A new process (a new instance) over the same directory: the index answers, the file is not read.
        FeatureCache warm = new FeatureCache(dir.resolve("cache"));
        assertThat(warm.entryFor(wav, s)).isEqualTo(entry);
        warm.get(wav, s, source);
        assertThat(warm.filesHashed()).isZero();
        assertThat(computed).hasValue(1);

        // A torn last line (a process killed mid-append) is skipped.
        Files.writeString(dir.resolve("cache").resolve("content-hashes.tsv"), "0123\t12",
                java.nio.file.StandardOpenOption.APPEND);
        assertThat(new FeatureCache(dir.resolve("cache")).entryFor(wav, s)).isEqualTo(entry);

        // New content (and so a new size or time) is hashed again and gets its own features.
        tone(dir, "w.wav", 550);
        Files.setLastModifiedTime(wav, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 30_000));
        FeatureCache changed = new FeatureCache(dir.resolve("cache"));
        assertThat(changed.entryFor(wav, s)).isNotEqualTo(entry);
        assertThat(changed.filesHashed()).isEqualTo(1);
        changed.get(wav, s, source);
        assertThat(computed).hasValue(2);

        // A file just written is hashed every time until it is older than the racy window.
        Path fresh = tone(dir, "fresh.wav", 770);
        FeatureCache first = new FeatureCache(dir.resolve("cache"));
        first.entryFor(fresh, s);
        FeatureCache second = new FeatureCache(dir.resolve("cache"));
        second.entryFor(fresh, s);
        assertThat(second.filesHashed()).isEqualTo(1);
    }

    @Test
    void anIndexThatCannotBeWrittenOnlyCostsTheShortcut(@TempDir Path dir) throws Exception {
        Path wav = tone(dir, "w.wav", 330);
        Files.setLastModifiedTime(wav, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        Path cache = dir.resolve("cache");
        Files.createDirectories(cache.resolve("content-hashes.tsv")); // a directory where the index file goes
        FeatureSettings s = FeatureSettings.study(ChannelMode.MONO);
        Path expected = new FeatureCache(dir.resolve("other")).entryFor(wav, s);
        FeatureCache c = new FeatureCache(cache);
        assertThat(c.entryFor(wav, s).getFileName()).isEqualTo(expected.getFileName());
        assertThat(c.entryFor(wav, s).getFileName()).isEqualTo(expected.getFileName());
        assertThat(c.filesHashed()).isEqualTo(1); // remembered in memory, though not on disk
        assertThat(new FeatureCache(cache).entryFor(wav, s).getFileName()).isEqualTo(expected.getFileName());
    }

    @Test
    void cachedMapsHoldOnlyTheirEntryAndReadItWhenUsed(@TempDir Path dir) throws Exception {
        Path wav = tone(dir, "c.wav", 660);
        FeatureSettings s = FeatureSettings.study(ChannelMode.MONO);
        FeaturePipeline direct = new FeaturePipeline(s, null);
        FeatureCache cache = new FeatureCache(dir.resolve("cache"));
        FeatureMap computed = cache.get(wav, s, f -> direct.window(direct.load(f), 0));
        FeatureMap hit = cache.get(wav, s, f -> {
            throw new AssertionError("a hit must not recompute");
        });
        Path entry = cache.entryFor(wav, s);
        float[] before = new float[hit.length()];
        hit.copyTo(before, 0);
        Files.delete(entry);
        // Neither the map computed on the miss nor the hit kept the values in the heap.
        for (FeatureMap m : List.of(computed, hit)) {
            assertThatThrownBy(() -> m.copyTo(new float[m.length()], 0))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining(entry.toString())
                    .hasMessageContaining("cached features unreadable");
        }
        assertThat(before).isNotEqualTo(new float[before.length]);
    }

    @Test
    void damagedEntriesAndLeftoverTempFilesAreIgnored(@TempDir Path dir) throws Exception {
        Path wav = tone(dir, "b.wav", 1000);
        FeatureSettings s = FeatureSettings.study(ChannelMode.MONO);
        FeaturePipeline direct = new FeaturePipeline(s, null);
        FeatureCache cache = new FeatureCache(dir.resolve("cache"));
        AtomicInteger computed = new AtomicInteger();
        FeatureCache.FeatureSource source = f -> {
            computed.incrementAndGet();
            return direct.window(direct.load(f), 0);
        };
        cache.get(wav, s, source);
        Path entry = cache.entryFor(wav, s);
        Files.writeString(entry.resolveSibling(entry.getFileName() + ".123.tmp"), "half-written");
        byte[] all = Files.readAllBytes(entry);
        Files.write(entry, java.util.Arrays.copyOf(all, all.length - 100));
        FeatureMap again = cache.get(wav, s, source);
        assertThat(computed).hasValue(2);
        assertThat(again.length()).isEqualTo(224 * 256);
        assertThat(Files.size(entry)).isEqualTo(all.length);
    }

    @Test
    void concurrentReadersNeverSeeATornEntry(@TempDir Path dir) throws Exception {
        Path wav = tone(dir, "c.wav", 220);
        FeatureSettings s = FeatureSettings.study(ChannelMode.MONO);
        FeaturePipeline p = new FeaturePipeline(s, new FeatureCache(dir.resolve("cache")));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<FeatureMap>> fs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            fs.add(pool.submit(() -> p.clip(wav)));
        }
        float[] ref = null;
        for (Future<FeatureMap> f : fs) {
            float[] x = new float[224 * 256];
            f.get().copyTo(x, 0);
            if (ref == null) {
                ref = x;
            }
            assertThat(x).containsExactly(ref);
        }
        pool.shutdown();
    }

    @Test
    void halfPrecisionRoundTrips() {
        for (float v : new float[]{0f, -0f, 1f, -80f, -0.0625f, 65504f, 6.1e-5f, 1e-7f, -79.96f}) {
            float back = Half.toFloat(Half.fromFloat(v));
            assertThat((double) back).isCloseTo(v, offset(Math.max(1e-7, Math.abs(v) / 1024)));
        }
        assertThat(Half.toFloat(Half.fromFloat(1e6f))).isInfinite();
        assertThat(Half.toFloat(Half.fromFloat(Float.NaN))).isNaN();
    }
}

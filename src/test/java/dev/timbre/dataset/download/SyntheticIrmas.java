package dev.timbre.dataset.download;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Small archives in the IRMAS layout (a few short stereo 16-bit WAVs, label files for the testing part) and
 * a manifest whose MD5 sums are those of these archives, for tests that must not reach Zenodo.
 */
public final class SyntheticIrmas {

    public static final String TRAIN_ZIP = "IRMAS-TrainingData.zip";
    public static final String TEST_ZIP = "IRMAS-TestingData-Part1.zip";

    /** The training files, path inside the archive → content. */
    public static final List<String> TRAIN_FILES = List.of(
            "IRMAS-TrainingData/cel/[cel][cla]0001__1.wav",
            "IRMAS-TrainingData/cel/[cel][cla]0001__2.wav",
            "IRMAS-TrainingData/flu/[flu][jaz_blu]0002__1.wav",
            "IRMAS-TrainingData/voi/[voi][nod][pop_roc]0003__1.wav");

    private SyntheticIrmas() {
    }

    /** The training archive: folder entries, then one WAV per file of {@link #TRAIN_FILES}. */
    public static byte[] trainingZip() {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("IRMAS-TrainingData/", null);
        for (int i = 0; i < TRAIN_FILES.size(); i++) {
            entries.put(TRAIN_FILES.get(i), wav(2000, i + 1));
        }
        return zip(entries);
    }

    /** The first testing archive, nested one folder deeper as the published one is. */
    public static byte[] testingZip() {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("IRMAS-TestingData-Part1/Part1/01 - Song-1.wav", wav(3000, 11));
        entries.put("IRMAS-TestingData-Part1/Part1/01 - Song-1.txt", "gel\t\nvoi\t\n".getBytes(StandardCharsets.UTF_8));
        return zip(entries);
    }

    /** A manifest for the two synthetic archives, with their true MD5 sums. */
    public static IrmasManifest manifest(byte[] train, byte[] test) {
        return new IrmasManifest(List.of(
                new IrmasArchive(TRAIN_ZIP, TRAIN_ZIP, IrmasPart.TRAIN, "IRMAS-TrainingData",
                        OptionalLong.empty(), Md5.of(train)),
                new IrmasArchive(TEST_ZIP, TEST_ZIP, IrmasPart.TEST, "IRMAS-TestingData-Part1",
                        OptionalLong.empty(), Md5.of(test))));
    }

    /** A zip of the given entries in order; a null value makes a folder entry. */
    public static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                if (e.getValue() != null) {
                    z.write(e.getValue());
                }
                z.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A stereo 16-bit 44.1 kHz WAV of seeded noise (noise so that the zip stays about as big as the audio). */
    public static byte[] wav(int frames, long seed) {
        int data = frames * 4;
        ByteBuffer b = ByteBuffer.allocate(44 + data).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + data)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16)
                .putShort((short) 1).putShort((short) 2).putInt(44_100).putInt(44_100 * 4)
                .putShort((short) 4).putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(data);
        Random r = new Random(seed);
        for (int i = 0; i < frames * 2; i++) {
            b.putShort((short) (r.nextGaussian() * 3000));
        }
        return b.array();
    }
}

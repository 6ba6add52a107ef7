package dev.timbre.dataset.download;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SafeZipExtractorTest {

    private static final ExtractionLimits ROOMY = new ExtractionLimits(100, 1 << 20, 1 << 22);

    @TempDir
    Path tmp;

    private Path write(String name, byte[] zip) throws IOException {
        return Files.write(tmp.resolve(name), zip);
    }

    private Path emptyTarget() throws IOException {
        return Files.createDirectories(tmp.resolve("target"));
    }

    private static byte[] zipOf(String name, byte[] content) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put(name, content);
        return SyntheticIrmas.zip(m);
    }

    private long filesUnder(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void unpacksEveryEntryWithItsBytes() throws IOException {
        Path zip = write("t.zip", SyntheticIrmas.trainingZip());
        Path target = emptyTarget();

        SafeZipExtractor.Extracted x = SafeZipExtractor.extract(zip, target, ROOMY);

        assertThat(x.files()).isEqualTo(4);
        assertThat(x.bytes()).isEqualTo(4L * (44 + 2000 * 4));
        assertThat(target.resolve(SyntheticIrmas.TRAIN_FILES.get(2))).hasBinaryContent(SyntheticIrmas.wav(2000, 3));
    }

    @Test
    void refusesAbsoluteDriveBackslashAndParentEntries() throws IOException {
        String[][] cases = {
                {"/etc/evil.wav", "t.zip: entry '/etc/evil.wav' is an absolute path; refused"},
                {"C:/evil.wav", "t.zip: entry 'C:/evil.wav' is an absolute path; refused"},
                {"IRMAS\\..\\evil.wav", "t.zip: entry 'IRMAS\\..\\evil.wav' uses backslashes; refused"},
                {"a/../../evil.wav", "t.zip: entry 'a/../../evil.wav' climbs out with '..'; refused"},
        };
        for (String[] c : cases) {
            Path zip = write("t.zip", zipOf(c[0], new byte[]{1, 2, 3}));
            Path target = emptyTarget();
            assertThatThrownBy(() -> SafeZipExtractor.extract(zip, target, ROOMY))
                    .isInstanceOf(IOException.class).hasMessage(c[1]);
            assertThat(filesUnder(tmp)).as(c[0]).isEqualTo(1); // only the zip itself
            Files.delete(target);
        }
    }

    @Test
    void countsRealBytesAndIgnoresASmallerDeclaredSize() throws IOException {
        byte[] zip = zipOf("big.bin", new byte[10_000]);
        declareUncompressedSize(zip, 10);
        Path file = write("lying.zip", zip);

        assertThatThrownBy(() -> SafeZipExtractor.extract(file, emptyTarget(),
                new ExtractionLimits(100, 5_000, 1 << 20)))
                .hasMessage("lying.zip: entry 'big.bin' unpacks to more than 5000 bytes");
    }

    @Test
    void stopsAHighlyCompressedArchiveAtTheTotalCap() throws IOException {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("a.bin", new byte[600_000]);
        m.put("b.bin", new byte[600_000]);
        Path zip = write("bomb.zip", SyntheticIrmas.zip(m));
        assertThat(Files.size(zip)).isLessThan(10_000);

        assertThatThrownBy(() -> SafeZipExtractor.extract(zip, emptyTarget(),
                new ExtractionLimits(100, 1 << 20, 1_000_000)))
                .hasMessage("bomb.zip: unpacks to more than 1000000 bytes");
    }

    @Test
    void capsTheNumberOfEntries() throws IOException {
        Path zip = write("many.zip", SyntheticIrmas.trainingZip()); // 1 folder + 4 files
        assertThatThrownBy(() -> SafeZipExtractor.extract(zip, emptyTarget(), new ExtractionLimits(4, 1 << 20, 1 << 22)))
                .hasMessage("many.zip: more than 4 entries");
    }

    @Test
    void refusesANonEmptyTargetAndANonZip() throws IOException {
        Path zip = write("t.zip", SyntheticIrmas.trainingZip());
        Path target = emptyTarget();
        Files.writeString(target.resolve("stale"), "x");
        assertThatThrownBy(() -> SafeZipExtractor.extract(zip, target, ROOMY))
                .hasMessageEndingWith("extraction target is not empty");

        Path notZip = write("not.zip", "hello".getBytes());
        Files.delete(target.resolve("stale"));
        assertThatThrownBy(() -> SafeZipExtractor.extract(notZip, target, ROOMY))
                .hasMessageStartingWith("not.zip: not a readable zip");
    }

    /** Rewrites the uncompressed size in every central-directory header of {@code zip}. */
    private static void declareUncompressedSize(byte[] zip, int size) {
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int patched = 0;
        for (int i = 0; i + 4 <= zip.length; i++) {
            if (b.getInt(i) == 0x02014b50) {
                b.putInt(i + 24, size);
                patched++;
            }
        }
        assertThat(patched).isEqualTo(1);
    }
}

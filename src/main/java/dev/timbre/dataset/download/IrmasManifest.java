package dev.timbre.dataset.download;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/** The archives that make up the data set, with the checksums a download is verified against. */
public record IrmasManifest(List<IrmasArchive> archives) {

    /** Zenodo record 1290750 (IRMAS 1.0, DOI 10.5281/zenodo.1290750). */
    public static final String ZENODO_BASE_URL = "https://zenodo.org/records/1290750/files/";

    public IrmasManifest {
        archives = List.copyOf(Objects.requireNonNull(archives, "archives"));
        Set<String> names = new HashSet<>();
        Set<String> tops = new HashSet<>();
        for (IrmasArchive a : archives) {
            if (!names.add(a.fileName())) {
                throw new IllegalArgumentException("archive listed twice: " + a.fileName());
            }
            if (!tops.add(a.topDirectory())) {
                throw new IllegalArgumentException("two archives unpack to " + a.topDirectory());
            }
        }
    }

    /**
     * The four archives of Zenodo record 1290750 and their MD5 sums.
     *
     * <p>The sums are the ones the mirdata project pins for this record in its IRMAS loader
     * (github.com/mir-dataset-loaders/mirdata, {@code mirdata/datasets/irmas.py}, {@code REMOTES}), which
     * verifies its own downloads of the same Zenodo files against them. They were not re-read from Zenodo
     * itself (unreachable from where this was written). Sizes are left unknown because no source at hand
     * states them; the MD5 sum alone decides.
     * Each archive unpacks to one folder of its own name; the testing archives nest their clips one level
     * deeper ({@code IRMAS-TestingData-Part1/Part1/*.wav}, as mirdata's test fixtures show).
     */
    public static IrmasManifest zenodo() {
        return new IrmasManifest(List.of(
                zenodoFile("IRMAS-TrainingData.zip", IrmasPart.TRAIN, "IRMAS-TrainingData",
                        "4fd9f5ed5a18d8e2687e6360b5f60afe"),
                zenodoFile("IRMAS-TestingData-Part1.zip", IrmasPart.TEST, "IRMAS-TestingData-Part1",
                        "5a2e65520dcedada565dff2050bb2a56"),
                zenodoFile("IRMAS-TestingData-Part2.zip", IrmasPart.TEST, "IRMAS-TestingData-Part2",
                        "afb0c8ea92f34ee653693106be95c895"),
                zenodoFile("IRMAS-TestingData-Part3.zip", IrmasPart.TEST, "IRMAS-TestingData-Part3",
                        "9b3fb2d0c89cdc98037121c25bd5b556")));
    }

    /** {@code ?download=1} asks Zenodo for the file itself as an attachment, as mirdata's URLs do. */
    private static IrmasArchive zenodoFile(String name, IrmasPart part, String top, String md5) {
        return new IrmasArchive(name, name + "?download=1", part, top, OptionalLong.empty(), md5);
    }

    /** The archives of the given parts, in manifest order. */
    public List<IrmasArchive> archivesOf(Set<IrmasPart> parts) {
        return archives.stream().filter(a -> parts.contains(a.part())).toList();
    }
}

package dev.timbre.dataset;

import dev.timbre.audio.AudioFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A data set in the IRMAS layout (Bosch et al., ISMIR 2012): {@code IRMAS-TrainingData/<code>/*.wav} and
 * {@code IRMAS-TestingData-Part{1,2,3}/**}{@code /*.wav}, each testing WAV with a {@code .txt} of labels beside
 * it. Files in any format timbre decodes (FLAC, MP3, Ogg Vorbis) are taken as WAVs are. Any subset of the parts may be present. Clips are listed in sorted path order.
 */
public final class IrmasDataset {

    public static final String TRAINING_DIR = "IRMAS-TrainingData";
    public static final String TESTING_PREFIX = "IRMAS-TestingData-Part";
    /** Frames of an IRMAS training clip: 3 s of 44.1-kHz audio as the data set ships it (132,299, not 132,300). */
    public static final int CLIP_FRAMES = 132_299;
    /** The sample rate of IRMAS's clips. */
    public static final int SAMPLE_RATE = 44_100;

    private final Path root;
    private final List<TrainingClip> training;
    private final List<TestingClip> testing;

    private IrmasDataset(Path root, List<TrainingClip> training, List<TestingClip> testing) {
        this.root = root;
        this.training = training;
        this.testing = testing;
    }

    /**
     * Reads the layout under {@code root}.
     *
     * @throws IOException naming the file (and line) of anything malformed, or the root if it holds no IRMAS part
     */
    public static IrmasDataset open(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException(root + ": no such directory");
        }
        Path trainDir = root.resolve(TRAINING_DIR);
        List<Path> testDirs = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            s.filter(p -> Files.isDirectory(p) && p.getFileName().toString().startsWith(TESTING_PREFIX))
                    .sorted().forEach(testDirs::add);
        }
        if (!Files.isDirectory(trainDir) && testDirs.isEmpty()) {
            throw new IOException(root + ": not an IRMAS-format root (expected " + TRAINING_DIR + "/ or "
                    + TESTING_PREFIX + "1/2/3/ inside it)");
        }
        List<TrainingClip> training = Files.isDirectory(trainDir) ? readTraining(trainDir) : List.of();
        List<TestingClip> testing = new ArrayList<>();
        for (Path d : testDirs) {
            testing.addAll(readTesting(d));
        }
        return new IrmasDataset(root, List.copyOf(training), List.copyOf(testing));
    }

    public Path root() {
        return root;
    }

    public List<TrainingClip> training() {
        return training;
    }

    public List<TestingClip> testing() {
        return testing;
    }

    private static List<TrainingClip> readTraining(Path dir) throws IOException {
        List<TrainingClip> out = new ArrayList<>();
        List<Path> classDirs;
        try (Stream<Path> s = Files.list(dir)) {
            classDirs = s.filter(Files::isDirectory).sorted().toList();
        }
        for (Path cd : classDirs) {
            String code = cd.getFileName().toString();
            Optional<Instrument> inst = Instrument.fromCode(code);
            if (inst.isEmpty()) {
                throw new IOException(cd + ": unknown instrument folder '" + code + "' (expected one of "
                        + String.join(", ", Instrument.ALL.stream().map(Instrument::code).toList()) + ")");
            }
            for (Path wav : audioIn(cd, false)) {
                IrmasNames.Parsed p = IrmasNames.parse(wav.getFileName().toString());
                out.add(new TrainingClip(wav, inst.get(), code + "/" + p.recording(), p.drums(), p.genre()));
            }
        }
        return out;
    }

    private static List<TestingClip> readTesting(Path dir) throws IOException {
        List<TestingClip> out = new ArrayList<>();
        for (Path wav : audioIn(dir, true)) {
            String name = wav.getFileName().toString();
            Path txt = wav.resolveSibling(name.substring(0, name.lastIndexOf('.')) + ".txt");
            if (!Files.isRegularFile(txt)) {
                throw new IOException(wav + ": no label file " + txt.getFileName() + " beside it");
            }
            out.add(new TestingClip(wav, readLabels(txt)));
        }
        return out;
    }

    /** One IRMAS code a line; tabs and spaces trimmed, blank lines ignored. */
    static Set<Instrument> readLabels(Path txt) throws IOException {
        Set<Instrument> labels = EnumSet.noneOf(Instrument.class);
        List<String> lines = Files.readAllLines(txt, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String code = lines.get(i).strip();
            if (code.isEmpty()) {
                continue;
            }
            int line = i + 1;
            labels.add(Instrument.fromCode(code).orElseThrow(() -> new IOException(
                    txt + ":" + line + ": unknown instrument code '" + code + "'")));
        }
        if (labels.isEmpty()) {
            throw new IOException(txt + ": no labels");
        }
        return labels;
    }

    /** The audio files in a folder (IRMAS's are WAV; any format timbre decodes is taken). */
    private static List<Path> audioIn(Path dir, boolean recursive) throws IOException {
        if (recursive) {
            return AudioFiles.audioFilesUnder(dir);
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isRegularFile(p) && AudioFiles.byName(p) == AudioFiles.Kind.AUDIO)
                    .sorted(Comparator.comparing(Path::toString)).toList();
        }
    }
}

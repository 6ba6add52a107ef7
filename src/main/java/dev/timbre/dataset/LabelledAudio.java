package dev.timbre.dataset;

import dev.timbre.audio.AudioFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Labelled recordings in a plain folder tree, for measuring a model on real audio: a file with an IRMAS-style
 * {@code .txt} of instrument codes beside it has those labels; any other audio file whose folder is named by an
 * instrument code ({@code DIR/**}{@code /cel/take1.flac}) has that one label. Files that are neither are counted
 * as unlabelled and left out. An IRMAS-format root is read as the data set defines it: its testing parts, and its
 * training clips only when asked for.
 *
 * @param clips      labelled audio files in sorted path order
 * @param unlabelled audio files found without a label
 */
public record LabelledAudio(List<TestingClip> clips, List<Path> unlabelled) {

    public LabelledAudio {
        clips = List.copyOf(clips);
        unlabelled = List.copyOf(unlabelled);
    }

    /**
     * @param dir              the folder to walk (recursively)
     * @param irmasTrainingToo for an IRMAS-format root, also take its training clips (one label each)
     * @throws IOException naming the folder when it does not exist, or a label file that cannot be read
     */
    public static LabelledAudio scan(Path dir, boolean irmasTrainingToo) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": no such directory");
        }
        if (isIrmasRoot(dir)) {
            List<TestingClip> clips = new ArrayList<>(IrmasDataset.open(dir).testing());
            if (irmasTrainingToo) {
                for (TrainingClip t : IrmasDataset.open(dir).training()) {
                    clips.add(new TestingClip(t.file(), EnumSet.of(t.instrument())));
                }
                clips.sort(Comparator.comparing(c -> c.file().toString()));
            }
            return new LabelledAudio(clips, List.of());
        }
        List<Path> files = AudioFiles.audioFilesUnder(dir);
        List<TestingClip> clips = new ArrayList<>();
        List<Path> unlabelled = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            Path txt = f.resolveSibling(name.substring(0, name.lastIndexOf('.')) + ".txt");
            if (Files.isRegularFile(txt)) {
                clips.add(new TestingClip(f, IrmasDataset.readLabels(txt)));
                continue;
            }
            Path parent = f.getParent();
            Optional<Instrument> folder = parent == null || parent.getFileName() == null ? Optional.empty()
                    : Instrument.fromCode(parent.getFileName().toString());
            if (folder.isPresent()) {
                clips.add(new TestingClip(f, EnumSet.of(folder.get())));
            } else {
                unlabelled.add(f);
            }
        }
        return new LabelledAudio(clips, unlabelled);
    }

    /** Whether {@code dir} holds an IRMAS training folder or testing part. */
    static boolean isIrmasRoot(Path dir) throws IOException {
        if (Files.isDirectory(dir.resolve(IrmasDataset.TRAINING_DIR))) {
            return true;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(p -> Files.isDirectory(p)
                    && p.getFileName().toString().startsWith(IrmasDataset.TESTING_PREFIX));
        }
    }

    /** The instruments that have at least one clip. */
    public Set<Instrument> classes() {
        Set<Instrument> s = EnumSet.noneOf(Instrument.class);
        clips.forEach(c -> s.addAll(c.labels()));
        return s;
    }
}

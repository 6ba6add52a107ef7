package dev.timbre.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IRMAS training file names: {@code [cel][cla]0001__1.wav} or {@code 008__[cel][nod][cla]0058__1.wav} — an
 * optional numeric prefix, bracketed tags (instrument, optionally drums {@code dru}/{@code nod}, genre), the
 * source track's number and, after {@code __}, the excerpt's index within that track. The excerpts of one
 * track share everything before the last {@code __}, which is therefore the recording id.
 */
final class IrmasNames {

    private static final Pattern TAG = Pattern.compile("\\[([^\\]]+)\\]");
    private static final Pattern EXCERPT = Pattern.compile("^(.*)__\\d+$");

    private IrmasNames() {
    }

    /** The parts of a training file name that matter. */
    record Parsed(String recording, Optional<Boolean> drums, Optional<String> genre) {
    }

    static Parsed parse(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String stem = dot > 0 ? fileName.substring(0, dot) : fileName;
        Matcher ex = EXCERPT.matcher(stem);
        String recording = ex.matches() && stem.contains("[") ? ex.group(1) : stem;
        List<String> tags = new ArrayList<>();
        Matcher m = TAG.matcher(stem);
        while (m.find()) {
            tags.add(m.group(1));
        }
        Optional<Boolean> drums = Optional.empty();
        Optional<String> genre = Optional.empty();
        for (int i = 1; i < tags.size(); i++) {
            String t = tags.get(i);
            if (t.equals("dru")) {
                drums = Optional.of(true);
            } else if (t.equals("nod")) {
                drums = Optional.of(false);
            } else {
                genre = Optional.of(t);
            }
        }
        return new Parsed(recording, drums, genre);
    }
}

package dev.timbre.audio;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The audio file formats {@link AudioDecoder} decodes itself, recognised by their first bytes. */
public enum AudioFileFormat {
    WAV("wav", "wave"),
    FLAC("flac"),
    MP3("mp3", "mp2", "mpga"),
    OGG_VORBIS("ogg", "oga");

    /** Bytes of a file's beginning that {@link #detect} looks at (after any ID3v2 tag). */
    static final int PROBE_BYTES = 64;

    private final String[] extensions;

    AudioFileFormat(String... extensions) {
        this.extensions = extensions;
    }

    /** The file name extensions of this format, lower case, without the dot. */
    public List<String> extensions() {
        return List.of(extensions);
    }

    /**
     * The format whose signature {@code head} starts with: {@code RIFF....WAVE} (or RF64), {@code fLaC},
     * an Ogg page whose first packet is a Vorbis identification header, or an MPEG audio frame header
     * (layers I–III). An ID3v2 tag in front is skipped by the caller, who passes the bytes after it.
     */
    static Optional<AudioFileFormat> detect(byte[] head, int length) {
        if (startsWith(head, length, 0, "RIFF") && startsWith(head, length, 8, "WAVE")
                || startsWith(head, length, 0, "RF64")) {
            return Optional.of(WAV);
        }
        if (startsWith(head, length, 0, "fLaC")) {
            return Optional.of(FLAC);
        }
        if (startsWith(head, length, 0, "OggS")) {
            // The first page's first packet starts after the 27-byte header and its segment table.
            // A file too short to show it is taken as Vorbis, whose reader then reports the truncation.
            if (length <= 27 || length < 27 + (head[26] & 0xFF) + 7) {
                return Optional.of(OGG_VORBIS);
            }
            int bodyAt = 27 + (head[26] & 0xFF);
            boolean vorbis = head[bodyAt] == 1 && startsWith(head, length, bodyAt + 1, "vorbis");
            return vorbis ? Optional.of(OGG_VORBIS) : Optional.empty();
        }
        if (isMpegAudioHeader(head, length, 0)) {
            return Optional.of(MP3);
        }
        return Optional.empty();
    }

    /** The format a file name's extension suggests, if any. */
    static Optional<AudioFileFormat> fromExtension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String ext = fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
        for (AudioFileFormat f : values()) {
            for (String e : f.extensions) {
                if (e.equals(ext)) {
                    return Optional.of(f);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * An MPEG audio frame header at {@code at}: 11 sync bits, a valid version, a layer other than
     * "reserved", a bitrate index other than "bad" and a valid sample-rate index. (ADTS AAC shares the sync but
     * has layer bits 00, so it is not taken for MP3.)
     */
    static boolean isMpegAudioHeader(byte[] b, int length, int at) {
        if (length < at + 4) {
            return false;
        }
        int b1 = b[at + 1] & 0xFF;
        int b2 = b[at + 2] & 0xFF;
        return (b[at] & 0xFF) == 0xFF && (b1 & 0xE0) == 0xE0
                && ((b1 >> 3) & 0x3) != 1     // version: 01 is reserved
                && ((b1 >> 1) & 0x3) != 0     // layer: 00 is reserved
                && (b2 >> 4) != 0xF           // bitrate index 1111 is invalid
                && ((b2 >> 2) & 0x3) != 3;    // sample-rate index 11 is reserved
    }

    /** Kilobits per second by bitrate index: MPEG-1 layers I, II, III, then MPEG-2/2.5 layer I and layers II/III. */
    private static final int[][] BITRATES = {
            {0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448},
            {0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384},
            {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320},
            {0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256},
            {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160},
    };

    /** MPEG-1 sample rates by index; MPEG-2 halves them and MPEG-2.5 quarters them. */
    private static final int[] MPEG1_RATES = {44_100, 48_000, 32_000};

    /**
     * The length in bytes of the MPEG audio frame whose header is at {@code at} (checked with
     * {@link #isMpegAudioHeader}), or -1 for a free-format frame, whose length the header does not give.
     */
    static int mpegFrameLength(byte[] b, int at) {
        int b1 = b[at + 1] & 0xFF;
        int b2 = b[at + 2] & 0xFF;
        int version = (b1 >> 3) & 0x3;          // 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5
        int layer = 4 - ((b1 >> 1) & 0x3);      // 1, 2 or 3
        int bitrateIndex = b2 >> 4;
        if (bitrateIndex == 0) {
            return -1;
        }
        boolean mpeg1 = version == 3;
        int table = mpeg1 ? layer - 1 : (layer == 1 ? 3 : 4);
        int bitrate = BITRATES[table][bitrateIndex] * 1000;
        int rate = MPEG1_RATES[(b2 >> 2) & 0x3] >> (mpeg1 ? 0 : version == 2 ? 1 : 2);
        int padding = (b2 >> 1) & 0x1;
        if (layer == 1) {
            return (12 * bitrate / rate + padding) * 4;
        }
        int perFrame = layer == 3 && !mpeg1 ? 72 : 144;
        return perFrame * bitrate / rate + padding;
    }

    /**
     * Whether {@code count} MPEG audio frames follow each other from {@code at}, each header where the previous
     * frame's length says. One frame header alone appears by chance every few kilobytes of random data; three in
     * a row do not.
     */
    static boolean isMpegFrameChain(byte[] b, int length, int at, int count) {
        int p = at;
        for (int i = 0; i < count; i++) {
            if (!isMpegAudioHeader(b, length, p)) {
                return false;
            }
            if (i == count - 1) {
                return true;
            }
            int len = mpegFrameLength(b, p);
            if (len < 4) {
                return false;
            }
            p += len;
        }
        return true;
    }

    private static boolean startsWith(byte[] b, int length, int at, String ascii) {
        if (length < at + ascii.length()) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (b[at + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}

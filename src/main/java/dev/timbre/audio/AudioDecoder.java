package dev.timbre.audio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * The one entry point for reading audio files: WAV ({@link WavReader}), FLAC (jFLAC), MP3 (JLayer) and Ogg
 * Vorbis (JOrbis) are decoded in pure Java; the format is recognised from the file's first bytes, the extension
 * serving only as a hint when those are inconclusive. Anything else goes to {@code ffmpeg} when it is on the
 * {@code PATH} ({@link FfmpegStream}); without it, or when ffmpeg cannot read it either, an
 * {@link UnsupportedAudioFormatException} is thrown. A damaged file of a known format gives an
 * {@link AudioFormatException}; both name the file and the reason.
 */
public final class AudioDecoder {

    private AudioDecoder() {
    }

    /** Decodes the whole file into {@code (channels, frames)} floats at the file's own rate. */
    public static AudioClip read(Path file) throws IOException {
        try (AudioStream s = open(file)) {
            return readAll(file, s);
        }
    }

    /**
     * Opens a file for reading block by block in constant memory; the caller closes the stream.
     *
     * @throws UnsupportedAudioFormatException when the content is no format that can be decoded
     * @throws AudioFormatException            when the file is missing, unreadable or damaged
     */
    public static AudioStream open(Path file) throws IOException {
        if (readHead(file, 1).length == 0) {
            throw new AudioFormatException(file, "empty file");
        }
        Optional<AudioFileFormat> format = detect(file);
        if (format.isEmpty()) {
            if (FfmpegStream.available()) {
                return FfmpegStream.open(file);
            }
            throw new UnsupportedAudioFormatException(file, "unrecognised audio format (" + describeHead(file)
                    + "); WAV, FLAC, MP3 and Ogg Vorbis are supported, others need ffmpeg on the PATH");
        }
        return switch (format.get()) {
            case WAV -> openWav(file);
            case FLAC -> FlacStream.open(file);
            case MP3 -> Mp3Stream.open(file);
            case OGG_VORBIS -> VorbisStream.open(file);
        };
    }

    /** WAV codecs other than PCM and float (ADPCM, A-law, ...) go to ffmpeg when it is there. */
    private static AudioStream openWav(Path file) throws IOException {
        try {
            return WavStream.open(file);
        } catch (UnsupportedAudioFormatException e) {
            if (FfmpegStream.available()) {
                return FfmpegStream.open(file);
            }
            throw e;
        }
    }

    /**
     * The format of a file by its content: the signature at its start (after an ID3v2 tag, which MP3 and
     * sometimes FLAC files carry). MPEG audio that starts with junk before its first frame is recognised by three
     * frames in a row within the first 64 KiB, and only when the name says MP3 or ffmpeg is not there to judge
     * the file instead: a single frame header turns up by chance in random data, so random bytes named
     * {@code .mp3} are as unrecognised as the same bytes under any other name.
     */
    public static Optional<AudioFileFormat> detect(Path file) throws IOException {
        byte[] head = readHead(file, 1 << 16);
        int length = head.length;
        int start = 0;
        if (length >= 10 && head[0] == 'I' && head[1] == 'D' && head[2] == '3') {
            int size = ((head[6] & 0x7F) << 21) | ((head[7] & 0x7F) << 14) | ((head[8] & 0x7F) << 7) | (head[9] & 0x7F);
            boolean footer = (head[5] & 0x10) != 0;
            start = 10 + size + (footer ? 10 : 0);
            if (start >= length) {
                head = readHead(file, start + AudioFileFormat.PROBE_BYTES);
                length = head.length;
            }
        }
        if (start > 0) {
            byte[] rest = start < length ? Arrays.copyOfRange(head, start, length) : new byte[0];
            Optional<AudioFileFormat> f = AudioFileFormat.detect(rest, rest.length);
            // After an ID3 tag, anything but FLAC is taken as MPEG audio, which JLayer will judge.
            return f.isPresent() ? f : Optional.of(AudioFileFormat.MP3);
        }
        Optional<AudioFileFormat> f = AudioFileFormat.detect(head, length);
        if (f.isPresent()) {
            return f;
        }
        boolean namedMp3 = AudioFileFormat.fromExtension(file.getFileName().toString())
                .equals(Optional.of(AudioFileFormat.MP3));
        if (namedMp3 || !FfmpegStream.available()) {
            for (int i = 1; i + 4 <= length; i++) {
                if (AudioFileFormat.isMpegFrameChain(head, length, i, 3)) {
                    return Optional.of(AudioFileFormat.MP3);
                }
            }
        }
        return Optional.empty();
    }

    /** Whether an executable {@code ffmpeg} is on the {@code PATH}, for the formats timbre does not decode itself. */
    public static boolean ffmpegAvailable() {
        return FfmpegStream.available();
    }

    private static byte[] readHead(Path file, int max) throws IOException {
        if (Files.isDirectory(file)) {
            throw new AudioFormatException(file, "is a directory, not an audio file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(max);
        } catch (NoSuchFileException e) {
            throw new AudioFormatException(file, "no such file");
        } catch (IOException e) {
            throw new AudioFormatException(file, "cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static String describeHead(Path file) throws IOException {
        byte[] head = readHead(file, 8);
        if (head.length == 0) {
            return "empty file";
        }
        StringBuilder sb = new StringBuilder("starts with");
        for (byte b : head) {
            sb.append(String.format(" %02X", b & 0xFF));
        }
        return sb.toString();
    }

    /** Drains a stream into one clip. */
    static AudioClip readAll(Path file, AudioStream s) throws IOException {
        int c = s.channels();
        float[][] out = new float[c][1 << 16];
        int frames = 0;
        while (true) {
            if (frames == out[0].length) {
                if (frames > Integer.MAX_VALUE / 2) {
                    throw new AudioFormatException(file, "too long to decode at once; use AudioDecoder.open");
                }
                for (int k = 0; k < c; k++) {
                    out[k] = Arrays.copyOf(out[k], frames * 2);
                }
            }
            int n = s.read(out, frames, out[0].length - frames);
            if (n < 0) {
                break;
            }
            frames += n;
        }
        if (frames == 0) {
            throw new AudioFormatException(file, "no audio frames");
        }
        for (int k = 0; k < c; k++) {
            out[k] = Arrays.copyOf(out[k], frames);
        }
        return new AudioClip(out, s.sampleRate());
    }
}

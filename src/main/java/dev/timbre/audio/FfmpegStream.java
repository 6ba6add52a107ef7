package dev.timbre.audio;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The optional fallback for formats without a pure-Java decoder here (AAC, Opus, WMA, ...): an {@code ffmpeg}
 * process found on the {@code PATH} decodes to 32-bit float WAV on a pipe, read as it arrives.
 */
final class FfmpegStream extends BlockAudioStream {

    private static final int BLOCK_FRAMES = 8192;
    private static volatile Boolean available;

    private final Process process;
    private final InputStream in;
    private final Path stderr;
    private final byte[] bytes;
    private final float[][] block;

    private FfmpegStream(Path file, Process process, InputStream in, Path stderr, int rate, int channels)
            throws AudioFormatException {
        super(file, rate, channels);
        this.process = process;
        this.in = in;
        this.stderr = stderr;
        this.bytes = new byte[BLOCK_FRAMES * channels * 4];
        this.block = new float[channels][BLOCK_FRAMES];
    }

    /** Whether an executable {@code ffmpeg} is on the {@code PATH}. */
    static boolean available() {
        Boolean a = available;
        if (a == null) {
            a = false;
            String path = System.getenv("PATH");
            if (path != null) {
                for (String dir : path.split(File.pathSeparator)) {
                    if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "ffmpeg"))) {
                        a = true;
                        break;
                    }
                }
            }
            available = a;
        }
        return a;
    }

    static FfmpegStream open(Path file) throws IOException {
        Path stderr = Files.createTempFile("timbre-ffmpeg", ".log");
        Process p;
        try {
            p = new ProcessBuilder(List.of("ffmpeg", "-nostdin", "-v", "error", "-i", file.toAbsolutePath().toString(),
                    "-vn", "-f", "wav", "-acodec", "pcm_f32le", "-"))
                    .redirectError(stderr.toFile())
                    .start();
        } catch (IOException e) {
            Files.deleteIfExists(stderr);
            throw new UnsupportedAudioFormatException(file, "unrecognised audio format and ffmpeg cannot be run (" + e.getMessage() + ")");
        }
        p.getOutputStream().close();
        InputStream in = new BufferedInputStream(p.getInputStream(), 1 << 16);
        try {
            int[] format = readWavHeader(in);
            if (format == null) {
                p.waitFor(10, TimeUnit.SECONDS);
                throw new UnsupportedAudioFormatException(file, "unrecognised audio format (ffmpeg: " + lastLine(stderr) + ")");
            }
            return new FfmpegStream(file, p, in, stderr, format[0], format[1]);
        } catch (IOException | RuntimeException | InterruptedException e) {
            p.destroyForcibly();
            in.close();
            Files.deleteIfExists(stderr);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new AudioFormatException(file, "interrupted while ffmpeg was decoding");
            }
            throw e instanceof AudioFormatException afe ? afe
                    : new AudioFormatException(file, "ffmpeg output unreadable (" + e.getMessage() + ")", e);
        }
    }

    /** {rate, channels} from ffmpeg's WAV header, positioned at the data; null when ffmpeg wrote nothing. */
    private static int[] readWavHeader(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        byte[] riff = new byte[12];
        try {
            in.readFully(riff);
        } catch (EOFException e) {
            return null;
        }
        int rate = 0;
        int channels = 0;
        byte[] chunk = new byte[8];
        while (true) {
            in.readFully(chunk);
            String id = new String(chunk, 0, 4, StandardCharsets.US_ASCII);
            long len = Integer.toUnsignedLong(ByteBuffer.wrap(chunk, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
            if (id.equals("data")) {
                if (rate <= 0 || channels <= 0) {
                    throw new IOException("no format before data");
                }
                return new int[] {rate, channels};
            }
            byte[] body = new byte[(int) Math.min(len + (len & 1), 1 << 20)];
            in.readFully(body);
            if (id.equals("fmt ")) {
                ByteBuffer f = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
                channels = Short.toUnsignedInt(f.getShort(2));
                rate = f.getInt(4);
            }
        }
    }

    @Override
    protected int nextBlock() throws IOException {
        int got = in.readNBytes(bytes, 0, bytes.length);
        int c = channels();
        int n = got / (4 * c);
        if (n == 0) {
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    throw new AudioFormatException(file, "ffmpeg did not finish");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AudioFormatException(file, "interrupted while ffmpeg was decoding");
            }
            if (process.exitValue() != 0) {
                throw new AudioFormatException(file, "ffmpeg failed: " + lastLine(stderr));
            }
            return -1;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, 0, n * 4 * c).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < c; k++) {
                block[k][i] = b.getFloat();
            }
        }
        setBlock(block);
        return n;
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return lines.get(i).strip();
                }
            }
            return "no message";
        } catch (IOException e) {
            return "no message";
        }
    }

    @Override
    protected boolean floatSource() {
        return true;
    }

    @Override
    protected String formatName() {
        return "ffmpeg-decoded";
    }

    @Override
    public void close() throws IOException {
        try {
            in.close();
        } finally {
            process.destroy();
            Files.deleteIfExists(stderr);
        }
    }
}

package dev.timbre.audio;

import com.jcraft.jogg.Packet;
import com.jcraft.jogg.Page;
import com.jcraft.jogg.StreamState;
import com.jcraft.jogg.SyncState;
import com.jcraft.jorbis.Block;
import com.jcraft.jorbis.Comment;
import com.jcraft.jorbis.DspState;
import com.jcraft.jorbis.Info;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Ogg Vorbis through JOrbis: Ogg pages are synchronised, packets synthesised, and the PCM that each packet
 * completes becomes one block. Only the first logical stream of a chained file is read.
 */
final class VorbisStream extends BlockAudioStream {

    private static final int READ_BYTES = 8192;

    private final InputStream in;
    private final SyncState sync;
    private final StreamState stream;
    private final int serial;
    private final DspState dsp;
    private final Block vorbisBlock;
    private final Page page = new Page();
    private final Packet packet = new Packet();
    private final float[][][] pcmOut = new float[1][][];
    private final int[] pcmIndex;
    private float[][] block;
    private boolean endOfStream;
    private long produced;
    private long endGranule = -1; // total samples per channel, from the last page, once it is read

    private VorbisStream(Path file, InputStream in, SyncState sync, StreamState stream, int serial, Info info)
            throws AudioFormatException {
        super(file, info.rate, info.channels);
        this.serial = serial;
        this.in = in;
        this.sync = sync;
        this.stream = stream;
        this.dsp = new DspState();
        if (dsp.synthesis_init(info) != 0) {
            throw new AudioFormatException(file, "Vorbis decoder cannot start on this stream's headers");
        }
        this.vorbisBlock = new Block(dsp);
        this.pcmIndex = new int[info.channels];
        this.block = new float[info.channels][4096];
    }

    static VorbisStream open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        try {
            SyncState sync = new SyncState();
            sync.init();
            Page page = new Page();
            Packet packet = new Packet();
            if (!nextPage(file, in, sync, page, true)) {
                throw new AudioFormatException(file, "no Ogg page found");
            }
            StreamState stream = new StreamState();
            int serial = page.serialno();
            stream.init(serial);
            Info info = new Info();
            Comment comment = new Comment();
            info.init();
            comment.init();
            if (stream.pagein(page) < 0 || stream.packetout(packet) != 1
                    || info.synthesis_headerin(comment, packet) < 0) {
                throw new UnsupportedAudioFormatException(file, "Ogg stream does not carry Vorbis audio");
            }
            int headers = 1;
            while (headers < 3) {
                int r = stream.packetout(packet);
                if (r == 1) {
                    if (info.synthesis_headerin(comment, packet) < 0) {
                        throw new AudioFormatException(file, "corrupt Vorbis header packet " + (headers + 1));
                    }
                    headers++;
                } else if (r < 0) {
                    throw new AudioFormatException(file, "corrupt Vorbis header packet " + (headers + 1));
                } else {
                    if (!nextPage(file, in, sync, page, false)) {
                        throw new AudioFormatException(file, "truncated Vorbis headers");
                    }
                    if (page.serialno() == serial) {
                        stream.pagein(page);
                    }
                }
            }
            return new VorbisStream(file, in, sync, stream, serial, info);
        } catch (IOException | RuntimeException e) {
            in.close();
            if (e instanceof AudioFormatException afe) {
                throw afe;
            }
            throw new AudioFormatException(file, "corrupt Ogg Vorbis header", e);
        }
    }

    /**
     * Reads bytes until a whole page is out; false at the end of the file. Bytes that are not a valid page
     * (bad checksum, lost sync) are an error, except before the first page when {@code skipJunk}.
     */
    private static boolean nextPage(Path file, InputStream in, SyncState sync, Page page, boolean skipJunk)
            throws IOException {
        while (true) {
            int r = sync.pageout(page);
            if (r == 1) {
                return true;
            }
            if (r < 0 && !skipJunk) {
                throw new AudioFormatException(file, "corrupt Ogg data (page checksum or framing wrong)");
            }
            if (r == 0) {
                int at = sync.buffer(READ_BYTES);
                int n = in.read(sync.data, at, READ_BYTES);
                if (n <= 0) {
                    return false;
                }
                sync.wrote(n);
            }
        }
    }

    @Override
    protected int nextBlock() throws IOException {
        while (true) {
            int samples = dsp.synthesis_pcmout(pcmOut, pcmIndex);
            if (samples > 0) {
                // The last page's granule position is the exact length: the final packet's padding is cut.
                int keep = endGranule < 0 ? samples : (int) Math.max(0, Math.min(samples, endGranule - produced));
                if (keep == 0) {
                    dsp.synthesis_read(samples);
                    continue;
                }
                int c = channels();
                if (block[0].length < samples) {
                    block = new float[c][samples];
                }
                float[][] pcm = pcmOut[0];
                for (int k = 0; k < c; k++) {
                    System.arraycopy(pcm[k], pcmIndex[k], block[k], 0, keep);
                }
                dsp.synthesis_read(samples);
                produced += keep;
                setBlock(block);
                return keep;
            }
            int r = stream.packetout(packet);
            if (r == 1) {
                if (vorbisBlock.synthesis(packet) == 0) {
                    dsp.synthesis_blockin(vorbisBlock);
                }
                continue;
            }
            if (r < 0) {
                throw new AudioFormatException(file, "corrupt or missing Ogg data (a hole in the packet sequence)");
            }
            if (endOfStream) {
                return -1;
            }
            if (!nextPage(file, in, sync, page, false)) {
                throw new AudioFormatException(file, "truncated Ogg Vorbis stream (no end-of-stream page)");
            }
            if (page.serialno() != serial) {
                continue; // another logical stream interleaved (e.g. a chained or multiplexed file)
            }
            if (stream.pagein(page) < 0) {
                throw new AudioFormatException(file, "corrupt Ogg page");
            }
            if (page.eos() != 0) {
                endOfStream = true;
                endGranule = page.granulepos();
            }
        }
    }

    @Override
    protected boolean floatSource() {
        return true;
    }

    @Override
    protected String formatName() {
        return "Ogg Vorbis";
    }

    @Override
    public void close() throws IOException {
        sync.clear();
        in.close();
    }
}

package dev.timbre.audio;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds RIFF/WAVE byte arrays chunk by chunk, so tests can state exactly what a file holds. */
final class WavBytes {

    private final ByteArrayOutputStream chunks = new ByteArrayOutputStream();

    static WavBytes riff() {
        return new WavBytes();
    }

    /** A plain 16-byte format chunk. */
    WavBytes fmt(int tag, int channels, int rate, int bits) {
        return chunk("fmt ", fmtBody(tag, channels, rate, bits, 16));
    }

    /** A 40-byte WAVE_FORMAT_EXTENSIBLE format chunk whose sub-format GUID starts with {@code subTag}. */
    WavBytes fmtExtensible(int subTag, int channels, int rate, int bits) {
        ByteBuffer b = ByteBuffer.wrap(fmtBody(0xFFFE, channels, rate, bits, 40)).order(ByteOrder.LITTLE_ENDIAN);
        b.position(16);
        b.putShort((short) 22).putShort((short) bits).putInt(channels == 2 ? 3 : 0);
        b.putShort((short) subTag).putShort((short) 0);
        // The rest of KSDATAFORMAT_SUBTYPE_*: 00000000-0010-8000-00AA00389B71
        b.put(new byte[] {0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71});
        return chunk("fmt ", b.array());
    }

    private static byte[] fmtBody(int tag, int channels, int rate, int bits, int len) {
        int align = channels * bits / 8;
        return ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) tag).putShort((short) channels).putInt(rate).putInt(rate * align)
                .putShort((short) align).putShort((short) bits).array();
    }

    WavBytes data(byte[] samples) {
        return chunk("data", samples);
    }

    /** A data chunk whose size field says {@code claimed} bytes while only {@code samples} follow. */
    WavBytes dataClaiming(int claimed, byte[] samples) {
        raw(header("data", claimed));
        raw(samples);
        return this;
    }

    /** Any chunk, followed by RIFF's pad byte when its size is odd. */
    WavBytes chunk(String id, byte[] body) {
        raw(header(id, body.length));
        raw(body);
        if ((body.length & 1) == 1) {
            raw(new byte[] {0});
        }
        return this;
    }

    WavBytes raw(byte[] bytes) {
        chunks.write(bytes, 0, bytes.length);
        return this;
    }

    byte[] build() {
        byte[] body = chunks.toByteArray();
        return ByteBuffer.allocate(12 + body.length).order(ByteOrder.LITTLE_ENDIAN)
                .put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(4 + body.length)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII)).put(body).array();
    }

    private static byte[] header(String id, int len) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                .put(id.getBytes(StandardCharsets.US_ASCII)).putInt(len).array();
    }

    /** Little-endian sample bytes, from interleaved integer values of {@code bytesPerSample} bytes each. */
    static byte[] ints(int bytesPerSample, long... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * bytesPerSample).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            for (int i = 0; i < bytesPerSample; i++) {
                b.put((byte) (v >> (8 * i)));
            }
        }
        return b.array();
    }

    static byte[] floats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    static byte[] doubles(double... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            b.putDouble(v);
        }
        return b.array();
    }
}

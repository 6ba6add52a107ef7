package dev.timbre.testing;

import java.io.ByteArrayOutputStream;

/**
 * Builds a mono 16-bit 44.1 kHz FLAC stream by hand (STREAMINFO and FIXED order-0 frames of 192 samples whose
 * residual is one escape-coded partition: the samples stored raw), so tests can state exactly what a file holds
 * and reach decoder paths that encoders take only for some signals.
 */
public final class FlacBytes {

    public static final int BLOCK = 192;

    private FlacBytes() {
    }

    /**
     * @param samples       16-bit samples, a multiple of {@link #BLOCK} of them
     * @param declaredTotal the total STREAMINFO declares (0: unknown)
     */
    public static byte[] escapeCoded(short[] samples, long declaredTotal) {
        if (samples.length % BLOCK != 0) {
            throw new IllegalArgumentException("whole blocks only");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[]{'f', 'L', 'a', 'C'});
        Bits info = new Bits();
        info.put(1, 1).put(0, 7).put(34, 24); // last metadata block, STREAMINFO, length
        info.put(BLOCK, 16).put(BLOCK, 16).put(0, 24).put(0, 24);
        info.put(44_100, 20).put(0, 3).put(15, 5).put(declaredTotal, 36);
        for (int i = 0; i < 16; i++) {
            info.put(0, 8); // MD5 unknown
        }
        out.writeBytes(info.bytes());
        for (int f = 0; f < samples.length / BLOCK; f++) {
            out.writeBytes(frame(samples, f));
        }
        return out.toByteArray();
    }

    private static byte[] frame(short[] samples, int number) {
        Bits h = new Bits();
        h.put(0x3FFE, 14).put(0, 1).put(0, 1);        // sync, reserved, fixed block size
        h.put(0b0001, 4).put(0b1001, 4);              // 192 samples, 44.1 kHz
        h.put(0b0000, 4).put(0b100, 3).put(0, 1);     // mono, 16 bits, reserved
        h.put(number, 8);                              // frame number (UTF-8 coded, < 128)
        h.put(crc8(h.bytes()), 8);
        h.put(0, 1).put(0b001000, 6).put(0, 1);       // subframe: FIXED, order 0, no wasted bits
        h.put(0, 2).put(0, 4);                        // Rice residual, partition order 0
        h.put(15, 4).put(16, 5);                      // escape: raw samples of 16 bits
        for (int i = 0; i < BLOCK; i++) {
            h.put(samples[number * BLOCK + i] & 0xFFFF, 16);
        }
        h.alignToByte();
        byte[] body = h.bytes();
        int crc = crc16(body);
        byte[] all = java.util.Arrays.copyOf(body, body.length + 2);
        all[body.length] = (byte) (crc >> 8);
        all[body.length + 1] = (byte) crc;
        return all;
    }

    private static int crc8(byte[] data) {
        int crc = 0;
        for (byte b : data) {
            crc ^= b & 0xFF;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 0x80) != 0 ? ((crc << 1) ^ 0x07) & 0xFF : (crc << 1) & 0xFF;
            }
        }
        return crc;
    }

    private static int crc16(byte[] data) {
        int crc = 0;
        for (byte b : data) {
            crc ^= (b & 0xFF) << 8;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 0x8000) != 0 ? ((crc << 1) ^ 0x8005) & 0xFFFF : (crc << 1) & 0xFFFF;
            }
        }
        return crc;
    }

    /** A big-endian bit writer. */
    private static final class Bits {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int current;
        private int used;

        Bits put(long value, int bits) {
            for (int i = bits - 1; i >= 0; i--) {
                current = (current << 1) | (int) ((value >> i) & 1);
                if (++used == 8) {
                    out.write(current);
                    current = 0;
                    used = 0;
                }
            }
            return this;
        }

        void alignToByte() {
            while (used != 0) {
                put(0, 1);
            }
        }

        /** The whole bytes written so far. */
        byte[] bytes() {
            return out.toByteArray();
        }
    }
}

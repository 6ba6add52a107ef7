package dev.timbre.audio;

/**
 * Decoded audio: samples per channel, in [-1, 1] for integer sources.
 *
 * @param channels   samples as {@code (channels, frames)}; every row has the same length
 * @param sampleRate frames per second
 */
public record AudioClip(float[][] channels, int sampleRate) {

    public AudioClip {
        if (channels.length == 0) {
            throw new IllegalArgumentException("an audio clip needs at least one channel");
        }
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive, got " + sampleRate);
        }
        int frames = channels[0].length;
        for (float[] c : channels) {
            if (c.length != frames) {
                throw new IllegalArgumentException("channels differ in length: " + frames + " vs " + c.length);
            }
        }
    }

    public int channelCount() {
        return channels.length;
    }

    public int frames() {
        return channels[0].length;
    }

    public double durationSeconds() {
        return frames() / (double) sampleRate;
    }

    /** The clip read as a stream, from its first frame; reads copy, the clip is never changed. */
    public AudioStream stream() {
        return new AudioStream() {
            private int position;

            @Override
            public int sampleRate() {
                return sampleRate;
            }

            @Override
            public int channels() {
                return channels.length;
            }

            @Override
            public long declaredFrames() {
                return frames();
            }

            @Override
            public int read(float[][] dst, int offset, int count) {
                int n = Math.min(count, frames() - position);
                if (n <= 0) {
                    return count == 0 && position < frames() ? 0 : -1;
                }
                for (int c = 0; c < channels.length; c++) {
                    System.arraycopy(channels[c], position, dst[c], offset, n);
                }
                position += n;
                return n;
            }

            @Override
            public void close() {
            }
        };
    }
}

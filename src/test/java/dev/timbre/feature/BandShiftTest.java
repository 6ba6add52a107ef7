package dev.timbre.feature;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BandShiftTest {

    /** A map whose value at (map, row, frame) is {@code -(100 m + row) - frame / 1000}, so every cell says where it was. */
    private static float[] labelled(long[] shape) {
        float[] x = new float[(int) (shape[0] * shape[1] * shape[2])];
        int i = 0;
        for (int m = 0; m < shape[0]; m++) {
            for (int r = 0; r < shape[1]; r++) {
                for (int t = 0; t < shape[2]; t++) {
                    x[i++] = -(100f * m + r) - t / 1000f;
                }
            }
        }
        return x;
    }

    @Test
    void bandsMoveUpAndDownWithTheFloorMovedIn() {
        FeatureSettings features = FeatureSettings.compact(ChannelMode.STEREO);
        long[] shape = features.mapShape();
        int rows = (int) shape[1];
        int frames = (int) shape[2];
        float[] x = labelled(shape);
        float floor = (float) -features.topDb();
        BandShift bands = new BandShift(features);
        for (int shift : new int[]{-2, 0, 3}) {
            float[] y = new float[x.length];
            bands.shift(x, 0, y, 0, shift);
            for (int m = 0; m < 2; m++) {
                for (int r = 0; r < rows; r++) {
                    int from = r - shift;
                    float want = from < 0 || from >= rows ? floor : x[(m * rows + from) * frames + 5];
                    assertThat(y[(m * rows + r) * frames + 5]).as("shift %d, map %d, row %d", shift, m, r)
                            .isEqualTo(want);
                }
            }
        }
        float[] inPlace = x.clone();
        bands.shift(inPlace, 0, inPlace, 0, 1);
        float[] copied = new float[x.length];
        bands.shift(x, 0, copied, 0, 1);
        assertThat(inPlace).isEqualTo(copied);
    }

    @Test
    void theZeroCrossingRowStaysAndTooLargeAShiftIsRefused() {
        FeatureSettings features = FeatureSettings.study(ChannelMode.MONO).withZcrRow(true);
        long[] shape = features.mapShape();
        int dbRows = features.decibelRows();
        int frames = (int) shape[2];
        assertThat(shape[1]).isEqualTo(dbRows + 1);
        float[] x = labelled(shape);
        float[] y = new float[x.length];
        BandShift bands = new BandShift(features);
        bands.shift(x, 0, y, 0, -4);
        for (int t = 0; t < frames; t++) {
            assertThat(y[dbRows * frames + t]).isEqualTo(x[dbRows * frames + t]);
        }
        assertThat(y[(dbRows - 1) * frames]).isEqualTo((float) -features.topDb());
        assertThatThrownBy(() -> bands.shift(x, 0, y, 0, dbRows)).isInstanceOf(IllegalArgumentException.class);
    }
}

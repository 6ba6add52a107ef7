package dev.timbre.cli;

import dev.timbre.dataset.download.DownloadProgress;
import dev.timbre.dataset.download.IrmasArchive;
import dev.timbre.dataset.download.IrmasPart;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class DownloadBarsTest {

    private static final IrmasArchive ARCHIVE = new IrmasArchive("IRMAS-TrainingData.zip", "IRMAS-TrainingData.zip",
            IrmasPart.TRAIN, "IRMAS-TrainingData", OptionalLong.empty(), "0".repeat(32));

    @Test
    void inALogTheDownloadIsWholeLinesPerTenthWithoutCarriageReturns() {
        StringWriter err = new StringWriter();
        DownloadProgress p = DownloadBars.on(new PrintWriter(err), false).open(ARCHIVE);
        long total = 40L << 20;
        p.restart(0, total);
        for (long have = 0; have <= total; have += 1L << 20) {
            p.advance(have);
        }
        p.note("retrying");
        p.close();

        assertThat(err.toString()).doesNotContain("\r");
        assertThat(err.toString().lines().filter(l -> l.startsWith(ARCHIVE.fileName() + " "))).hasSize(10);
        assertThat(err.toString()).contains(ARCHIVE.fileName() + " 100%  40/40 MiB")
                .contains(ARCHIVE.fileName() + ": retrying");
    }

    @Test
    void onATerminalOneBarIsRedrawnInPlaceAndSmallFilesCountInKiB() {
        StringWriter err = new StringWriter();
        DownloadProgress p = DownloadBars.on(new PrintWriter(err), true).open(ARCHIVE);
        p.restart(0, 3000);
        p.advance(3000);
        p.close();

        assertThat(err.toString()).startsWith("\r" + ARCHIVE.fileName()).contains("3/3 KiB").endsWith("\n");
    }
}

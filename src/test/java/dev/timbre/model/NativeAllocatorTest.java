package dev.timbre.model;

import com.sun.jna.Platform;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class NativeAllocatorTest {

    @Test
    void choosingADeviceTunesGlibcOnceAndSaysSo() {
        ComputeDevice.AUTO.device();
        String outcome = NativeAllocator.tune();
        assertThat(NativeAllocator.tune()).isSameAs(outcome);
        assumeTrue(Platform.isLinux() && System.getenv("MALLOC_MMAP_THRESHOLD_") == null
                && System.getenv("MALLOC_TRIM_THRESHOLD_") == null, "glibc defaults only on Linux");
        // CI and this project's machines run Debian (glibc): mallopt must have taken all three settings.
        assertThat(outcome).isEqualTo("mmap and trim thresholds 1073741824 bytes, top pad 134217728 bytes");
    }
}

package dev.timbre.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ComputeDeviceTest {

    @AfterEach
    void reset() {
        System.clearProperty(ComputeDevice.PROPERTY);
    }

    @Test
    void cpuAutoAndGpuFollowTheEngine() {
        assertThat(ComputeDevice.selected()).isEqualTo(Engine.getInstance().defaultDevice());
        ComputeDevice.choose("CPU");
        assertThat(ComputeDevice.selected()).isEqualTo(Device.cpu());
        ComputeDevice.choose("gpu");
        if (Engine.getInstance().getGpuCount() == 0) {
            assertThatThrownBy(ComputeDevice::selected).hasMessageContaining("PyTorch sees no GPU")
                    .hasMessageContaining("-Dcuda");
        } else {
            assertThat(ComputeDevice.selected().isGpu()).isTrue();
        }
        assertThatThrownBy(() -> ComputeDevice.choose("tpu")).hasMessageContaining("auto, cpu or gpu");
    }
}

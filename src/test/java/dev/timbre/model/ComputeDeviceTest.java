package dev.timbre.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ComputeDeviceTest {

    @Test
    void cpuAutoAndGpuFollowTheEngine() {
        assertThat(ComputeDevice.AUTO.device()).isEqualTo(Engine.getInstance().defaultDevice());
        assertThat(ComputeDevice.CPU.device()).isEqualTo(Device.cpu());
        ComputeDevice gpu = ComputeDevice.GPU;
        if (Engine.getInstance().getGpuCount() == 0) {
            assertThatThrownBy(gpu::device).hasMessageContaining("PyTorch sees no GPU").hasMessageContaining("-Dcuda");
        } else {
            assertThat(gpu.device().isGpu()).isTrue();
        }
    }
}

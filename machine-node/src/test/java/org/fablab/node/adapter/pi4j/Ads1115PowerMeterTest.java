package org.fablab.node.adapter.pi4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.pi4j.context.Context;
import com.pi4j.plugin.mock.provider.i2c.MockI2C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class Ads1115PowerMeterTest {
    private final Context context = Pi4jContexts.mock();

    @AfterEach
    void shutdown() {
        context.shutdown();
    }

    @Test
    void configWord_selectsSingleEndedChannelAt4VoltsContinuous860Sps() {
        assertThat(Ads1115PowerMeter.configWord(0)).containsExactly(0x42, 0xE3);
        assertThat(Ads1115PowerMeter.configWord(3)).containsExactly(0x72, 0xE3);
    }

    @Test
    void start_writesTheConfigRegister() {
        new Ads1115PowerMeter(context, 1, 0x48, 2, 30, 0.5, 230);
        MockI2C chip = context.registry().get("ads1115", MockI2C.class);
        byte[] written = new byte[2];

        assertThat(chip.readRegister(Ads1115PowerMeter.CONFIG_REGISTER, written, 0, 2)).isEqualTo(2);
        assertThat(written).containsExactly(Ads1115PowerMeter.configWord(2));
    }

    @Test
    void measure_squareWaveAroundBias_givesRmsAmpsAndWatts() {
        Ads1115PowerMeter meter = new Ads1115PowerMeter(context, 1, 0x48, 0, 30, 0.5, 230);
        // +-0.1 V around a 1.65 V bias: 0.1 V RMS, x 30 A/V = 3 A, x 230 V = 690 W
        feed(i -> i % 2 == 0 ? 1.75 : 1.55);

        var sample = meter.measure();

        assertThat(sample.running()).isTrue();
        assertThat(sample.watts()).isCloseTo(690, within(1.0));
        assertThat(meter.sample()).isEqualTo(sample);
    }

    @Test
    void measure_flatBias_isNotRunning() {
        Ads1115PowerMeter meter = new Ads1115PowerMeter(context, 1, 0x48, 0, 30, 0.5, 230);
        feed(i -> 1.65 + (i % 2 == 0 ? 0.001 : -0.001));

        var sample = meter.measure();

        assertThat(sample.running()).isFalse();
        assertThat(sample.watts()).isLessThan(10);
    }

    private void feed(java.util.function.IntToDoubleFunction volts) {
        MockI2C chip = context.registry().get("ads1115", MockI2C.class);
        for (int i = 0; i < Ads1115PowerMeter.SAMPLES; i++) {
            int raw = (int) Math.round(volts.applyAsDouble(i) / (4.096 / 32768));
            chip.writeRegister(Ads1115PowerMeter.CONVERSION_REGISTER, new byte[] {(byte) (raw >> 8), (byte) raw});
        }
    }
}

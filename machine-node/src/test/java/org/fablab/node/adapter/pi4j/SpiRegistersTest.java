package org.fablab.node.adapter.pi4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.pi4j.context.Context;
import com.pi4j.io.spi.Spi;
import com.pi4j.plugin.mock.provider.spi.MockSpi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The MFRC522 SPI framing against Pi4J's mock SPI, which records every byte written. The chip's answers
 * beyond one register cannot be emulated on it; {@link Mfrc522Test} covers the protocol on a fake chip.
 */
class SpiRegistersTest {
    private final Context context = Pi4jContexts.mock();
    private final MockSpi spi = (MockSpi) context.create(Spi.newConfigBuilder(context).id("rc522").bus(0).channel(0));
    private final SpiRegisters registers = new SpiRegisters(spi);

    @AfterEach
    void shutdown() {
        context.shutdown();
    }

    @Test
    void write_sendsTheShiftedAddressThenTheValue() {
        // The mock SPI is one queue: a transfer first takes its answer from it, then appends what it sent.
        spi.write(new byte[4]);

        registers.write(Mfrc522.COMMAND, Mfrc522.CMD_SOFT_RESET);
        registers.write(Mfrc522.T_PRESCALER, 0xA9);

        assertThat(spi.readEntireMockBuffer()).containsExactly(0x02, 0x0F, 0x56, 0xA9);
    }

    @Test
    void read_setsTheReadBitAndReturnsTheSecondByte() {
        spi.write(new byte[] {0x00, (byte) 0x92});

        int version = registers.read(Mfrc522.VERSION);

        assertThat(version).isEqualTo(0x92);
        assertThat(spi.readEntireMockBuffer()).containsExactly(0xEE, 0x00);
    }
}

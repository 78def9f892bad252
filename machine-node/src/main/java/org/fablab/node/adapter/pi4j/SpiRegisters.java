package org.fablab.node.adapter.pi4j;

import com.pi4j.io.spi.Spi;

/**
 * MFRC522 register access over SPI: one two-byte transfer per access, the address byte being
 * {@code (register << 1) & 0x7E}, with bit 7 set for a read; the chip answers a read in the second byte.
 */
public final class SpiRegisters implements Mfrc522.Registers {
    private final Spi spi;

    public SpiRegisters(Spi spi) {
        this.spi = spi;
    }

    @Override
    public int read(int register) {
        byte[] out = {(byte) (0x80 | (register << 1) & 0x7E), 0};
        byte[] in = new byte[2];
        spi.transfer(out, in);
        return in[1] & 0xff;
    }

    @Override
    public void write(int register, int value) {
        byte[] out = {(byte) ((register << 1) & 0x7E), (byte) value};
        spi.transfer(out, new byte[2]);
    }
}

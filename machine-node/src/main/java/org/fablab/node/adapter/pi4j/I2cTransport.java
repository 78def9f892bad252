package org.fablab.node.adapter.pi4j;

import com.pi4j.io.i2c.I2C;

/** {@link Pn532.Transport} over a Pi4J I2C device: plain writes and reads, no register addressing. */
public final class I2cTransport implements Pn532.Transport {
    private final I2C i2c;

    public I2cTransport(I2C i2c) {
        this.i2c = i2c;
    }

    @Override
    public void write(byte[] bytes) {
        i2c.write(bytes);
    }

    @Override
    public byte[] read(int length) {
        byte[] buffer = new byte[length];
        int read = i2c.read(buffer, 0, length);
        if (read != length) {
            throw new IllegalStateException("I2C read returned " + read + " of " + length + " bytes");
        }
        return buffer;
    }
}

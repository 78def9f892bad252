package org.fablab.node.adapter.pi4j;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import com.pi4j.plugin.linuxfs.provider.i2c.LinuxFsI2CProvider;
import com.pi4j.plugin.linuxfs.provider.spi.LinuxFsSpiProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.i2c.MockI2CProvider;
import com.pi4j.plugin.mock.provider.spi.MockSpiProvider;

/**
 * Builds Pi4J contexts with exactly one provider per I/O type, never by auto-detection, so the node uses the
 * same providers on every Pi and a test knows what it drives.
 */
public final class Pi4jContexts {
    private Pi4jContexts() {
    }

    /**
     * A Raspberry Pi running Raspberry Pi OS Bookworm: GPIO through the kernel's gpiod character device
     * ({@code /dev/gpiochip0}; the sysfs GPIO interface is deprecated there), I2C through {@code /dev/i2c-N},
     * SPI through {@code /dev/spidevB.C}. Needs no root when the user is in the gpio, i2c and spi groups.
     */
    public static Context raspberryPi() {
        return Pi4J.newContextBuilder()
                .add(GpioDDigitalInputProvider.newInstance(), GpioDDigitalOutputProvider.newInstance(),
                        LinuxFsI2CProvider.newInstance(), LinuxFsSpiProvider.newInstance())
                .build();
    }

    /** Pi4J's mock platform: pins and buses in memory, input changes driven by {@code mockState}. */
    public static Context mock() {
        return Pi4J.newContextBuilder()
                .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance(),
                        MockI2CProvider.newInstance(), MockSpiProvider.newInstance())
                .build();
    }
}

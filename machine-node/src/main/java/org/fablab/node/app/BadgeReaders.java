package org.fablab.node.app;

import com.pi4j.context.Context;
import java.io.FileInputStream;
import java.time.Clock;
import org.fablab.node.adapter.keyboard.EvdevDecoder;
import org.fablab.node.adapter.keyboard.KeyDecoder;
import org.fablab.node.adapter.keyboard.KeyboardBadgeReader;
import org.fablab.node.adapter.pi4j.PollingBadgeReader;
import org.fablab.node.adapter.serial.Rdm6300Reader;
import org.fablab.node.adapter.sim.SimulatedBadgeReader;
import org.fablab.node.port.BadgeReader;

/** Creates the badge reader a config names. */
final class BadgeReaders {
    private BadgeReaders() {
    }

    /**
     * @param pi4j  the Pi4J context for SPI/I2C readers; null with simulated hardware
     * @param clock times the debounce window
     */
    static BadgeReader create(HardwareConfig.Reader config, Context pi4j, Clock clock) {
        return switch (config.kind()) {
            case SIMULATED -> new SimulatedBadgeReader();
            case RC522_SPI -> PollingBadgeReader.rc522(pi4j, config.spiChannel(), config.resetPin(), config.pollInterval(),
                    config.debounce(), clock);
            case RDM6300_UART -> new Rdm6300Reader(config.port(), config.debounce(), clock);
            case KEYBOARD_STDIN -> new KeyboardBadgeReader("stdin", () -> System.in, KeyDecoder::textLines, false,
                    config.debounce(), clock);
            case KEYBOARD_EVDEV -> new KeyboardBadgeReader(config.device().toString(),
                    () -> new FileInputStream(config.device().toFile()), EvdevDecoder::forThisPlatform, true,
                    config.debounce(), clock);
            case PN532_I2C -> PollingBadgeReader.pn532(pi4j, config.i2cBus(), config.i2cAddress(),
                    config.resetPin(), config.pollInterval(), config.debounce(), clock);
            case PN532_UART -> throw new IllegalArgumentException("reader.kind: pn532-uart is not implemented yet");
        };
    }
}

package org.fablab.node.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fablab.node.adapter.pi4j.Polarity;
import org.fablab.node.domain.InterlockEffect;

/**
 * The node's hardware as configured: which implementation drives it, the badge reader, and the pins of the
 * relay, its feedback, the LEDs, the buzzer, the interlocks and the current sensor. Pins are BCM GPIO numbers
 * (0–27). Every error message starts with the offending field, as written in the config file.
 *
 * @param kind          simulated, pi4j or pi4j-mock
 * @param reader        the badge reader
 * @param relay         the relay or SSR output; required unless simulated
 * @param relayFeedback an input reading the relay's auxiliary contact, or null
 * @param ledGreen      ready LED, or null
 * @param ledYellow     in-use / warning LED, or null
 * @param ledRed        denied / locked / fault LED, or null
 * @param buzzer        buzzer output, or null
 * @param interlocks    safety inputs, in config order; names unique
 * @param current       how the node senses the machine drawing current
 */
public record HardwareConfig(HardwareKind kind, Reader reader, Pin relay, Pin relayFeedback, Pin ledGreen,
                             Pin ledYellow, Pin ledRed, Pin buzzer, List<Interlock> interlocks,
                             CurrentSensing current) {
    /** Highest BCM GPIO number on the 40-pin header. */
    public static final int MAX_PIN = 27;

    public HardwareConfig {
        require("hardware", kind);
        require("reader.kind", reader);
        interlocks = List.copyOf(require("interlocks", interlocks));
        require("current.kind", current);
        boolean gpio = kind != HardwareKind.SIMULATED;
        if (reader.kind().needsPi4j() && !gpio) {
            throw new IllegalArgumentException("reader.kind: " + reader.kind().wire()
                    + " needs hardware: pi4j (or pi4j-mock)");
        }
        if (gpio && relay == null) {
            throw new IllegalArgumentException("relay.pin: is missing (needed with hardware: " + kind.wire() + ")");
        }
        if (!gpio && (relay != null || relayFeedback != null || ledGreen != null || ledYellow != null
                || ledRed != null || buzzer != null || !interlocks.isEmpty() || !(current instanceof CurrentSensing.None))) {
            throw new IllegalArgumentException("hardware: pins are configured but hardware is simulated; "
                    + "set hardware: pi4j (or pi4j-mock)");
        }
        Map<Integer, String> used = new LinkedHashMap<>();
        claim(used, "relay.pin", relay);
        claim(used, "relay.feedbackPin", relayFeedback);
        claim(used, "leds.green", ledGreen);
        claim(used, "leds.yellow", ledYellow);
        claim(used, "leds.red", ledRed);
        claim(used, "buzzer.pin", buzzer);
        if (reader.resetPin() != null) {
            claim(used, "reader.resetPin", new Pin(reader.resetPin(), Polarity.ACTIVE_LOW));
        }
        for (int i = 0; i < interlocks.size(); i++) {
            Interlock interlock = interlocks.get(i);
            claim(used, "interlocks." + i + ".pin", interlock.pin());
            for (int j = 0; j < i; j++) {
                if (interlocks.get(j).name().equals(interlock.name())) {
                    throw new IllegalArgumentException("interlocks." + i + ".name: '" + interlock.name()
                            + "' is used twice");
                }
            }
        }
        if (current instanceof CurrentSensing.Gpio sensor) {
            claim(used, "current.pin", sensor.pin());
        }
    }

    /** Everything simulated, as the launcher's demo runs. */
    public static HardwareConfig simulated() {
        return new HardwareConfig(HardwareKind.SIMULATED, Reader.simulated(), null, null, null, null, null, null,
                List.of(), new CurrentSensing.None());
    }

    /**
     * One GPIO and the level that means active.
     *
     * @param bcm      BCM GPIO number, 0–27
     * @param polarity which level means active (relay on, LED lit, interlock closed, current flowing)
     */
    public record Pin(int bcm, Polarity polarity) {
        public Pin {
            if (bcm < 0 || bcm > MAX_PIN) {
                throw new IllegalArgumentException("must be a BCM GPIO number 0-" + MAX_PIN + ", was " + bcm);
            }
            require("polarity", polarity);
        }
    }

    /**
     * The badge reader.
     *
     * @param kind         the module
     * @param port         serial device of UART readers, e.g. {@code /dev/serial0}
     * @param device       input device of {@code keyboard-evdev}
     * @param spiChannel   SPI chip select of {@code rc522-spi} (0 = CE0, 1 = CE1) on SPI bus 0
     * @param i2cBus       I2C bus of {@code pn532-i2c}
     * @param i2cAddress   I2C address of {@code pn532-i2c}
     * @param resetPin     BCM pin wired to an RC522's RST or a PN532's RSTPDN (active low), or null
     * @param debounce     the same badge read again within this window counts as one read
     * @param pollInterval how often polled readers (RC522, PN532) look for a card
     */
    public record Reader(ReaderKind kind, String port, Path device, int spiChannel, int i2cBus, int i2cAddress,
                         Integer resetPin, Duration debounce, Duration pollInterval) {
        public static final String DEFAULT_PORT = "/dev/serial0";
        public static final int DEFAULT_PN532_ADDRESS = 0x24;
        public static final Duration DEFAULT_DEBOUNCE = Duration.ofSeconds(2);
        public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(50);

        public Reader {
            require("reader.kind", kind);
            if (kind == ReaderKind.PN532_UART) {
                throw new IllegalArgumentException("reader.kind: pn532-uart is not implemented yet; use "
                        + "pn532-i2c, rc522-spi, rdm6300-uart, keyboard-stdin or keyboard-evdev");
            }
            if (kind.isSerial() && (port == null || port.isBlank())) {
                throw new IllegalArgumentException("reader.port: is missing (needed by " + kind.wire() + ")");
            }
            if (kind == ReaderKind.KEYBOARD_EVDEV && device == null) {
                throw new IllegalArgumentException("reader.device: is missing (needed by keyboard-evdev)");
            }
            if (spiChannel < 0 || spiChannel > 1) {
                throw new IllegalArgumentException("reader.spiChannel: must be 0 (CE0) or 1 (CE1), was " + spiChannel);
            }
            if (i2cBus < 0) {
                throw new IllegalArgumentException("reader.i2cBus: must be >= 0, was " + i2cBus);
            }
            if (i2cAddress < 0x03 || i2cAddress > 0x77) {
                throw new IllegalArgumentException("reader.i2cAddress: must be 0x03-0x77, was " + i2cAddress);
            }
            if (resetPin != null && (resetPin < 0 || resetPin > MAX_PIN)) {
                throw new IllegalArgumentException("reader.resetPin: must be a BCM GPIO number 0-" + MAX_PIN
                        + ", was " + resetPin);
            }
            requireNotNegative("reader.debounce", debounce);
            requireNotNegative("reader.pollInterval", pollInterval);
            if (pollInterval.isZero()) {
                throw new IllegalArgumentException("reader.pollInterval: must be > 0");
            }
        }

        public static Reader simulated() {
            return new Reader(ReaderKind.SIMULATED, null, null, 0, 1, DEFAULT_PN532_ADDRESS, null, DEFAULT_DEBOUNCE,
                    DEFAULT_POLL_INTERVAL);
        }
    }

    /**
     * A safety input. Its pin's polarity tells which level means closed (safe): a lid switch closing to
     * ground with the internal pull-up is {@code active-low}.
     *
     * @param name   shown in events and logs, e.g. {@code lid}, {@code extractor}
     * @param pin    the input
     * @param effect what the interlock opening does
     */
    public record Interlock(String name, Pin pin, InterlockEffect effect) {
        public Interlock {
            if (name == null || !name.matches("[a-z0-9][a-z0-9-]{0,31}")) {
                throw new IllegalArgumentException("name: must match [a-z0-9][a-z0-9-]{0,31}, was " + name);
            }
            require("pin", pin);
            require("effect", effect);
        }
    }

    /** How the node tells that the machine draws current (busy) and, where measured, how much power. */
    public sealed interface CurrentSensing {
        /** No sensor: active time and energy stay 0. */
        record None() implements CurrentSensing {
        }

        /** A current switch (e.g. a CT with a threshold relay) on a GPIO; active = current flowing. */
        record Gpio(Pin pin) implements CurrentSensing {
            public Gpio {
                require("current.pin", pin);
            }
        }

        /**
         * An ADS1115 ADC on I2C sampling a CT clamp's burden voltage (biased to mid-rail, AC): RMS over
         * one sampling window, converted to amps.
         *
         * @param i2cBus        I2C bus, usually 1
         * @param address       0x48–0x4B
         * @param channel       single-ended input AIN0–AIN3
         * @param ampsPerVolt   CT scale: amps per volt RMS at the ADC (e.g. 30 for an SCT-013-030)
         * @param thresholdAmps at or above this the machine counts as busy
         * @param mainsVolts    supply voltage for the energy estimate (W = V × A), e.g. 230
         */
        record Ads1115(int i2cBus, int address, int channel, double ampsPerVolt, double thresholdAmps,
                       double mainsVolts) implements CurrentSensing {
            public Ads1115 {
                if (i2cBus < 0) {
                    throw new IllegalArgumentException("current.i2cBus: must be >= 0, was " + i2cBus);
                }
                if (address < 0x48 || address > 0x4B) {
                    throw new IllegalArgumentException("current.address: an ADS1115 answers at 0x48-0x4B, was 0x"
                            + Integer.toHexString(address));
                }
                if (channel < 0 || channel > 3) {
                    throw new IllegalArgumentException("current.channel: must be 0-3, was " + channel);
                }
                requirePositive("current.ampsPerVolt", ampsPerVolt);
                requirePositive("current.thresholdAmps", thresholdAmps);
                requirePositive("current.mainsVolts", mainsVolts);
            }
        }
    }

    private static void claim(Map<Integer, String> used, String field, Pin pin) {
        if (pin == null) {
            return;
        }
        String previous = used.putIfAbsent(pin.bcm(), field);
        if (previous != null) {
            throw new IllegalArgumentException(field + ": GPIO " + pin.bcm() + " is already used by " + previous);
        }
    }

    private static <T> T require(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException(field + ": is missing");
        }
        return value;
    }

    private static void requireNotNegative(String field, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(field + ": must be a duration >= 0, was " + value);
        }
    }

    private static void requirePositive(String field, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(field + ": must be > 0, was " + value);
        }
    }
}

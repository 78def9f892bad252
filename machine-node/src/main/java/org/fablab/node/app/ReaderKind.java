package org.fablab.node.app;

/** The badge reader module wired to the node. */
public enum ReaderKind {
    /** {@code SimulatedBadgeReader}: badges presented by the program (demo, tests). */
    SIMULATED("simulated", false),
    /** MFRC522 / RC522 13.56 MHz module on SPI: MIFARE UIDs. */
    RC522_SPI("rc522-spi", true),
    /** PN532 13.56 MHz module on I2C. */
    PN532_I2C("pn532-i2c", true),
    /** PN532 13.56 MHz module on a serial port (HSU mode). */
    PN532_UART("pn532-uart", false),
    /** RDM6300 125 kHz EM4100 module on a serial port (9600 8N1, framed ASCII hex). */
    RDM6300_UART("rdm6300-uart", false),
    /** USB keyboard-wedge reader typing into the node's standard input, one badge per line. */
    KEYBOARD_STDIN("keyboard-stdin", false),
    /** USB keyboard-wedge reader read from its Linux input device ({@code /dev/input/by-id/...-event-kbd}). */
    KEYBOARD_EVDEV("keyboard-evdev", false);

    private final String wire;
    private final boolean needsPi4j;

    ReaderKind(String wire, boolean needsPi4j) {
        this.wire = wire;
        this.needsPi4j = needsPi4j;
    }

    public String wire() {
        return wire;
    }

    /** True when the reader talks SPI or I2C, so it needs {@code hardware: pi4j} or {@code pi4j-mock}. */
    public boolean needsPi4j() {
        return needsPi4j;
    }

    /** True for readers on a serial port ({@code reader.port}). */
    public boolean isSerial() {
        return this == PN532_UART || this == RDM6300_UART;
    }
}

package org.fablab.node.app;

/**
 * Which implementation drives the node's GPIO, SPI and I2C ports (relay, LEDs, buzzer, interlocks, current
 * sensing, SPI/I2C badge readers).
 */
public enum HardwareKind {
    /** In-memory ports driven by the program: the launcher's demo and tests. */
    SIMULATED("simulated"),
    /** Pi4J 2 on a Raspberry Pi: GPIO through the kernel's gpiod character device, I2C and SPI through /dev. */
    PI4J("pi4j"),
    /** The same Pi4J adapters on Pi4J's mock platform: runs anywhere, pins driven by the program. */
    PI4J_MOCK("pi4j-mock");

    private final String wire;

    HardwareKind(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}

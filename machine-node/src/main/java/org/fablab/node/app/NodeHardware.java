package org.fablab.node.app;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fablab.node.adapter.pi4j.Ads1115PowerMeter;
import org.fablab.node.adapter.pi4j.Pi4jContexts;
import org.fablab.node.adapter.pi4j.Pi4jCurrentSwitch;
import org.fablab.node.adapter.pi4j.Pi4jIndicator;
import org.fablab.node.adapter.pi4j.Pi4jInterlock;
import org.fablab.node.adapter.pi4j.Pi4jPowerSwitch;
import org.fablab.node.adapter.pi4j.Polarity;
import org.fablab.node.adapter.sim.SimulatedBadgeReader;
import org.fablab.node.adapter.sim.SimulatedIndicator;
import org.fablab.node.adapter.sim.SimulatedPowerSwitch;
import org.fablab.node.port.BadgeReader;
import org.fablab.node.port.Indicator;
import org.fablab.node.port.Interlock;
import org.fablab.node.port.PowerMeter;
import org.fablab.node.port.PowerSwitch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hardware ports of one node: badge reader, relay, indicator, interlocks and, where wired, a power meter.
 * The node owns them once started and closes them (and the Pi4J context behind them) when it stops.
 */
public final class NodeHardware implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeHardware.class);
    /** How often the ADS1115 current sensor samples a window. */
    static final Duration CURRENT_SAMPLE_PERIOD = Duration.ofMillis(500);

    private final BadgeReader reader;
    private final PowerSwitch relay;
    private final Indicator indicator;
    private final List<Interlock> interlocks;
    private final PowerMeter powerMeter;
    private final Context pi4j;

    /** Reader, relay and indicator only: no interlocks, no current sensing. */
    public NodeHardware(BadgeReader reader, PowerSwitch relay, Indicator indicator) {
        this(reader, relay, indicator, List.of(), null, null);
    }

    /**
     * @param powerMeter the current sensor, or null
     * @param pi4j       the Pi4J context the ports were created in, shut down on {@link #close()}; or null
     */
    public NodeHardware(BadgeReader reader, PowerSwitch relay, Indicator indicator, List<Interlock> interlocks,
                        PowerMeter powerMeter, Context pi4j) {
        if (reader == null || relay == null || indicator == null || interlocks == null) {
            throw new IllegalArgumentException("reader, relay, indicator and interlocks are all required");
        }
        this.reader = reader;
        this.relay = relay;
        this.indicator = indicator;
        this.interlocks = List.copyOf(interlocks);
        this.powerMeter = powerMeter;
        this.pi4j = pi4j;
    }

    /** Simulated reader, relay and indicator, for the demo and tests. */
    public static NodeHardware simulated() {
        return new NodeHardware(new SimulatedBadgeReader(), new SimulatedPowerSwitch(), new SimulatedIndicator());
    }

    /**
     * The hardware the config names. With {@code pi4j} this opens the Pi's GPIO, I2C and SPI devices; with
     * {@code pi4j-mock} the same adapters run on Pi4J's mock platform ({@link #pi4j()} drives its pins).
     * The relay output is created switched off.
     *
     * @throws IllegalStateException when a device cannot be opened
     */
    public static NodeHardware forConfig(NodeConfig config) {
        HardwareConfig hw = config.hardware();
        if (hw.kind() == HardwareKind.SIMULATED) {
            return new NodeHardware(BadgeReaders.create(hw.reader(), null, Clock.systemUTC()), new SimulatedPowerSwitch(),
                    new SimulatedIndicator());
        }
        Context context = hw.kind() == HardwareKind.PI4J ? Pi4jContexts.raspberryPi() : Pi4jContexts.mock();
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            Pi4jPowerSwitch relay = new Pi4jPowerSwitch(context, hw.relay().bcm(), hw.relay().polarity(),
                    hw.relayFeedback() == null ? null : hw.relayFeedback().bcm(),
                    hw.relayFeedback() == null ? null : hw.relayFeedback().polarity());
            if (hw.kind() == HardwareKind.PI4J_MOCK && hw.relayFeedback() != null) {
                wireMockFeedback(context, hw.relay().polarity(), hw.relayFeedback().polarity());
            }
            Pi4jIndicator indicator = new Pi4jIndicator(context, output(hw.ledGreen()), output(hw.ledYellow()),
                    output(hw.ledRed()), output(hw.buzzer()));
            opened.add(indicator);
            List<Interlock> interlocks = new ArrayList<>();
            for (HardwareConfig.Interlock interlock : hw.interlocks()) {
                interlocks.add(new Pi4jInterlock(context, interlock.name(), interlock.pin().bcm(),
                        interlock.pin().polarity(), interlock.effect()));
            }
            PowerMeter meter = null;
            if (hw.current() instanceof HardwareConfig.CurrentSensing.Gpio gpio) {
                meter = new Pi4jCurrentSwitch(context, gpio.pin().bcm(), gpio.pin().polarity());
            } else if (hw.current() instanceof HardwareConfig.CurrentSensing.Ads1115 ads) {
                Ads1115PowerMeter ads1115 = new Ads1115PowerMeter(context, ads.i2cBus(), ads.address(),
                        ads.channel(), ads.ampsPerVolt(), ads.thresholdAmps(), ads.mainsVolts());
                ads1115.start(CURRENT_SAMPLE_PERIOD);
                meter = ads1115;
            }
            if (meter != null) {
                opened.add(meter);
            }
            BadgeReader reader = BadgeReaders.create(hw.reader(), context, Clock.systemUTC());
            return new NodeHardware(reader, relay, indicator, interlocks, meter, context);
        } catch (RuntimeException e) {
            opened.forEach(NodeHardware::closeQuietly);
            closeQuietly(context::shutdown);
            throw e;
        }
    }

    public BadgeReader reader() {
        return reader;
    }

    public PowerSwitch relay() {
        return relay;
    }

    public Indicator indicator() {
        return indicator;
    }

    /** The interlocks, in config order. */
    public List<Interlock> interlocks() {
        return interlocks;
    }

    /** The current sensor, where one is wired. */
    public Optional<PowerMeter> powerMeter() {
        return Optional.ofNullable(powerMeter);
    }

    /** The Pi4J context behind the ports, for Pi4J hardware (on the mock platform, tests drive its pins). */
    public Optional<Context> pi4j() {
        return Optional.ofNullable(pi4j);
    }

    /** @throws IllegalStateException when the reader is not simulated */
    public SimulatedBadgeReader simulatedReader() {
        return as(SimulatedBadgeReader.class, reader, "reader");
    }

    /** @throws IllegalStateException when the relay is not simulated */
    public SimulatedPowerSwitch simulatedRelay() {
        return as(SimulatedPowerSwitch.class, relay, "relay");
    }

    /** @throws IllegalStateException when the indicator is not simulated */
    public SimulatedIndicator simulatedIndicator() {
        return as(SimulatedIndicator.class, indicator, "indicator");
    }

    /**
     * Closes the reader, the interlocks, the power meter and the indicator, then shuts the Pi4J context
     * down (every output returns to its inactive level: relay off). Idempotent.
     */
    @Override
    public void close() {
        closeQuietly(reader);
        interlocks.forEach(NodeHardware::closeQuietly);
        if (powerMeter != null) {
            closeQuietly(powerMeter);
        }
        if (indicator instanceof AutoCloseable closeable) {
            closeQuietly(closeable);
        }
        if (pi4j != null && !pi4j.isShutdown()) {
            closeQuietly(pi4j::shutdown);
        }
    }

    /**
     * On the mock platform nothing closes the relay's auxiliary contact: make the feedback input follow the
     * relay output, as a wired contactor would, so a mock node does not fault on a missing feedback.
     */
    private static void wireMockFeedback(Context context, Polarity relayPolarity, Polarity feedbackPolarity) {
        DigitalOutput relay = context.registry().get("relay", DigitalOutput.class);
        MockDigitalInput feedback = context.registry().get("relay-feedback", MockDigitalInput.class);
        feedback.mockState(feedbackPolarity.level(relayPolarity.isActive(relay.state())));
        relay.addListener((DigitalStateChangeListener) event ->
                feedback.mockState(feedbackPolarity.level(relayPolarity.isActive(event.state()))));
    }

    private static Pi4jIndicator.Output output(HardwareConfig.Pin pin) {
        return pin == null ? null : new Pi4jIndicator.Output(pin.bcm(), pin.polarity());
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("closing hardware failed [port: {}]", closeable.getClass().getSimpleName(), e);
        }
    }

    private static <T> T as(Class<T> type, Object port, String name) {
        if (!type.isInstance(port)) {
            throw new IllegalStateException("the " + name + " is " + port.getClass().getSimpleName() + ", not simulated");
        }
        return type.cast(port);
    }
}

package org.fablab.node.adapter.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.PullResistance;
import java.util.Optional;
import org.fablab.node.port.PowerSwitch;

/**
 * A relay or SSR on a GPIO output, optionally with a feedback input wired to the relay's auxiliary contact.
 * The output starts inactive (machine off) and returns to inactive when the Pi4J context shuts down.
 * Thread-safe.
 */
public final class Pi4jPowerSwitch implements PowerSwitch {
    private final DigitalOutput output;
    private final Polarity polarity;
    private final DigitalInput feedback;
    private final Polarity feedbackPolarity;
    private volatile boolean on;

    /**
     * @param pin              BCM number of the relay output
     * @param polarity         active-high for most SSRs, active-low for the common opto-isolated relay boards
     * @param feedbackPin      BCM number of the feedback input, or null
     * @param feedbackPolarity which feedback level means powered
     */
    public Pi4jPowerSwitch(Context context, int pin, Polarity polarity, Integer feedbackPin,
                           Polarity feedbackPolarity) {
        this.polarity = polarity;
        this.output = context.create(DigitalOutput.newConfigBuilder(context)
                .id("relay").name("relay").address(pin)
                .initial(polarity.inactive()).shutdown(polarity.inactive()));
        this.feedbackPolarity = feedbackPolarity;
        this.feedback = feedbackPin == null ? null : context.create(DigitalInput.newConfigBuilder(context)
                .id("relay-feedback").name("relay feedback").address(feedbackPin)
                .pull(feedbackPolarity == Polarity.ACTIVE_LOW ? PullResistance.PULL_UP : PullResistance.PULL_DOWN)
                .debounce(10_000L));
        output.state(polarity.inactive());
    }

    @Override
    public synchronized void setOn(boolean on) {
        output.state(polarity.level(on));
        this.on = on;
    }

    @Override
    public boolean isOn() {
        return on;
    }

    @Override
    public Optional<Boolean> sensedOn() {
        return feedback == null ? Optional.empty() : Optional.of(feedbackPolarity.isActive(feedback.state()));
    }
}

package org.fablab.node.adapter.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.PullResistance;
import org.fablab.node.port.PowerMeter;

/**
 * A current switch (a CT clamp with a threshold relay or comparator) on a GPIO input: it tells running or
 * not, never how much, so {@link Sample#watts()} is NaN. Thread-safe.
 */
public final class Pi4jCurrentSwitch implements PowerMeter {
    private final DigitalInput input;
    private final Polarity polarity;
    private final Context context;

    /** @param polarity which level means current flowing */
    public Pi4jCurrentSwitch(Context context, int pin, Polarity polarity) {
        this.context = context;
        this.polarity = polarity;
        this.input = context.create(DigitalInput.newConfigBuilder(context)
                .id("current").name("current switch").address(pin)
                .pull(polarity == Polarity.ACTIVE_LOW ? PullResistance.PULL_UP : PullResistance.PULL_DOWN)
                .debounce(10_000L));
    }

    @Override
    public Sample sample() {
        return new Sample(polarity.isActive(input.state()), Double.NaN);
    }

    @Override
    public void close() {
        if (!context.isShutdown() && context.registry().exists(input.id())) {
            context.shutdown(input.id());
        }
    }
}

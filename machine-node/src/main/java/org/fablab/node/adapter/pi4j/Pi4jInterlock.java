package org.fablab.node.adapter.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import com.pi4j.io.gpio.digital.PullResistance;
import java.util.concurrent.TimeUnit;
import org.fablab.node.domain.InterlockEffect;
import org.fablab.node.port.Interlock;

/**
 * An interlock switch on a GPIO input, debounced by the driver. The input is pulled towards its open level,
 * so a broken wire reads open (fail-safe). Thread-safe.
 */
public final class Pi4jInterlock implements Interlock {
    /** Debounce of mechanical switches (lid, e-stop), in microseconds. */
    static final long DEBOUNCE_MICROS = 20_000;

    private final String name;
    private final InterlockEffect effect;
    private final Polarity closedLevel;
    private final DigitalInput input;
    private final Context context;

    /** @param closedLevel which level means closed (safe) */
    public Pi4jInterlock(Context context, String name, int pin, Polarity closedLevel, InterlockEffect effect) {
        this.context = context;
        this.name = name;
        this.effect = effect;
        this.closedLevel = closedLevel;
        this.input = context.create(DigitalInput.newConfigBuilder(context)
                .id("interlock-" + name).name("interlock " + name).address(pin)
                .pull(closedLevel == Polarity.ACTIVE_LOW ? PullResistance.PULL_UP : PullResistance.PULL_DOWN)
                .debounce(DEBOUNCE_MICROS, TimeUnit.MICROSECONDS));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public InterlockEffect effect() {
        return effect;
    }

    @Override
    public boolean isClosed() {
        return closedLevel.isActive(input.state());
    }

    @Override
    public void onChange(Runnable listener) {
        input.addListener((DigitalStateChangeListener) event -> listener.run());
    }

    @Override
    public void close() {
        if (!context.isShutdown() && context.registry().exists(input.id())) {
            context.shutdown(input.id());
        }
    }
}

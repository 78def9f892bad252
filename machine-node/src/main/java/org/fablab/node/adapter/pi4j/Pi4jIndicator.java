package org.fablab.node.adapter.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.fablab.node.domain.Signal;
import org.fablab.node.port.Indicator;

/**
 * Three LEDs (green, yellow, red; any may be absent) and a buzzer on GPIO outputs. Patterns, in 250 ms steps:
 * ready = green; in use = yellow; warning = yellow blinking with a beep every second; locked = red;
 * fault = red blinking; denied = red and a beep for 1 s, then the steady signal; identify = all LEDs blinking
 * for 3 s. A new signal shows at once; blinking runs on the indicator's own daemon thread. Thread-safe.
 */
public final class Pi4jIndicator implements Indicator, AutoCloseable {
    static final long STEP_MILLIS = 250;
    private static final int DENIED_STEPS = 4;
    private static final int IDENTIFY_STEPS = 12;

    /** One BCM pin and its polarity; a null {@code Output} means not wired. */
    public record Output(int pin, Polarity polarity) {
    }

    private final DigitalOutput green;
    private final DigitalOutput yellow;
    private final DigitalOutput red;
    private final DigitalOutput buzzer;
    private final Polarity greenPolarity;
    private final Polarity yellowPolarity;
    private final Polarity redPolarity;
    private final Polarity buzzerPolarity;
    private final ScheduledExecutorService timer;
    private Signal steady = Signal.READY;
    private Signal transientSignal;
    private int step;

    public Pi4jIndicator(Context context, Output green, Output yellow, Output red, Output buzzer) {
        this.green = create(context, "led-green", green);
        this.yellow = create(context, "led-yellow", yellow);
        this.red = create(context, "led-red", red);
        this.buzzer = create(context, "buzzer", buzzer);
        this.greenPolarity = green == null ? null : green.polarity();
        this.yellowPolarity = yellow == null ? null : yellow.polarity();
        this.redPolarity = red == null ? null : red.polarity();
        this.buzzerPolarity = buzzer == null ? null : buzzer.polarity();
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "indicator");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(this::advance, STEP_MILLIS, STEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void show(Signal signal) {
        if (signal == Signal.DENIED || signal == Signal.IDENTIFY) {
            transientSignal = signal;
        } else {
            steady = signal;
            transientSignal = null;
        }
        step = 0;
        render();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    private synchronized void advance() {
        step++;
        if (transientSignal != null && step >= (transientSignal == Signal.DENIED ? DENIED_STEPS : IDENTIFY_STEPS)) {
            transientSignal = null;
            step = 0;
        }
        render();
    }

    private void render() {
        Signal signal = transientSignal != null ? transientSignal : steady;
        boolean even = step % 2 == 0;
        boolean g = false;
        boolean y = false;
        boolean r = false;
        boolean beep = false;
        switch (signal) {
            case READY -> g = true;
            case IN_USE -> y = true;
            case WARNING -> {
                y = even;
                beep = step % 4 == 0;
            }
            case LOCKED -> r = true;
            case FAULT -> r = even;
            case DENIED -> {
                r = true;
                beep = step == 0;
            }
            case IDENTIFY -> {
                g = even;
                y = even;
                r = even;
                beep = even;
            }
        }
        set(green, greenPolarity, g);
        set(yellow, yellowPolarity, y);
        set(red, redPolarity, r);
        set(buzzer, buzzerPolarity, beep);
    }

    private static void set(DigitalOutput output, Polarity polarity, boolean active) {
        if (output != null) {
            output.state(polarity.level(active));
        }
    }

    private static DigitalOutput create(Context context, String id, Output output) {
        if (output == null) {
            return null;
        }
        return context.create(DigitalOutput.newConfigBuilder(context).id(id).name(id).address(output.pin())
                .initial(output.polarity().inactive()).shutdown(output.polarity().inactive()));
    }
}

package org.fablab.node.adapter.pi4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import java.util.concurrent.atomic.AtomicInteger;
import org.fablab.node.domain.InterlockEffect;
import org.fablab.node.domain.Signal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class Pi4jAdaptersTest {
    private final Context context = Pi4jContexts.mock();

    @AfterEach
    void shutdown() {
        context.shutdown();
    }

    @ParameterizedTest
    @EnumSource(Polarity.class)
    void relay_startsOffAndFollowsSetOn(Polarity polarity) {
        Pi4jPowerSwitch relay = new Pi4jPowerSwitch(context, 17, polarity, null, null);

        assertThat(output("relay").state()).isEqualTo(polarity.inactive());
        assertThat(relay.isOn()).isFalse();

        relay.setOn(true);
        assertThat(output("relay").state()).isEqualTo(polarity.active());
        assertThat(relay.isOn()).isTrue();

        relay.setOn(false);
        assertThat(output("relay").state()).isEqualTo(polarity.inactive());
    }

    @Test
    void relay_activeLow_isHighWhenOff() {
        new Pi4jPowerSwitch(context, 17, Polarity.ACTIVE_LOW, null, null).setOn(false);

        assertThat(output("relay").state()).isEqualTo(DigitalState.HIGH);
    }

    @Test
    void relay_contextShutdown_leavesItOff() {
        Pi4jPowerSwitch relay = new Pi4jPowerSwitch(context, 17, Polarity.ACTIVE_LOW, null, null);
        relay.setOn(true);
        DigitalOutput output = output("relay");

        context.shutdown();

        assertThat(output.state()).isEqualTo(DigitalState.HIGH);
    }

    @Test
    void relayFeedback_readsThroughItsPolarity() {
        Pi4jPowerSwitch relay = new Pi4jPowerSwitch(context, 17, Polarity.ACTIVE_HIGH, 27, Polarity.ACTIVE_LOW);
        MockDigitalInput feedback = input("relay-feedback");

        feedback.mockState(DigitalState.HIGH);
        assertThat(relay.sensedOn()).contains(false);

        feedback.mockState(DigitalState.LOW);
        assertThat(relay.sensedOn()).contains(true);
    }

    @Test
    void relayWithoutFeedback_sensesNothing() {
        assertThat(new Pi4jPowerSwitch(context, 17, Polarity.ACTIVE_HIGH, null, null).sensedOn()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Polarity.class)
    void interlock_changeFiresTheListenerAndReadsThroughPolarity(Polarity closedLevel) {
        Pi4jInterlock lid = new Pi4jInterlock(context, "lid", 23, closedLevel, InterlockEffect.REFUSE_START);
        AtomicInteger changes = new AtomicInteger();
        lid.onChange(changes::incrementAndGet);
        MockDigitalInput pin = input("interlock-lid");

        pin.mockState(closedLevel.active());
        assertThat(lid.isClosed()).isTrue();
        pin.mockState(closedLevel.inactive());
        assertThat(lid.isClosed()).isFalse();

        assertThat(changes.get()).isEqualTo(closedLevel == Polarity.ACTIVE_HIGH ? 2 : 1);
        assertThat(lid.name()).isEqualTo("lid");
        assertThat(lid.effect()).isEqualTo(InterlockEffect.REFUSE_START);
    }

    @ParameterizedTest
    @EnumSource(Polarity.class)
    void currentSwitch_readsRunningThroughPolarity(Polarity polarity) {
        Pi4jCurrentSwitch current = new Pi4jCurrentSwitch(context, 24, polarity);

        input("current").mockState(polarity.active());
        assertThat(current.sample().running()).isTrue();
        assertThat(current.sample().watts()).isNaN();

        input("current").mockState(polarity.inactive());
        assertThat(current.sample().running()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Polarity.class)
    void indicator_showsEachSteadySignalOnItsLed(Polarity polarity) {
        Pi4jIndicator indicator = new Pi4jIndicator(context, new Pi4jIndicator.Output(5, polarity),
                new Pi4jIndicator.Output(6, polarity), new Pi4jIndicator.Output(13, polarity),
                new Pi4jIndicator.Output(12, polarity));
        try {
            indicator.show(Signal.READY);
            assertLeds(polarity, true, false, false, false);
            indicator.show(Signal.IN_USE);
            assertLeds(polarity, false, true, false, false);
            indicator.show(Signal.LOCKED);
            assertLeds(polarity, false, false, true, false);
            indicator.show(Signal.WARNING);
            assertLeds(polarity, false, true, false, true);
            indicator.show(Signal.DENIED);
            assertLeds(polarity, false, false, true, true);
            indicator.show(Signal.IDENTIFY);
            assertLeds(polarity, true, true, true, true);
        } finally {
            indicator.close();
        }
    }

    @Test
    void indicator_deniedIsTransient() throws Exception {
        Pi4jIndicator indicator = new Pi4jIndicator(context, new Pi4jIndicator.Output(5, Polarity.ACTIVE_HIGH),
                null, new Pi4jIndicator.Output(13, Polarity.ACTIVE_HIGH), null);
        try {
            indicator.show(Signal.READY);
            indicator.show(Signal.DENIED);
            assertThat(output("led-red").state()).isEqualTo(DigitalState.HIGH);

            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> output("led-green").state() == DigitalState.HIGH);
            assertThat(output("led-red").state()).isEqualTo(DigitalState.LOW);
        } finally {
            indicator.close();
        }
    }

    private void assertLeds(Polarity polarity, boolean green, boolean yellow, boolean red, boolean buzzer) {
        assertThat(output("led-green").state()).as("green").isEqualTo(polarity.level(green));
        assertThat(output("led-yellow").state()).as("yellow").isEqualTo(polarity.level(yellow));
        assertThat(output("led-red").state()).as("red").isEqualTo(polarity.level(red));
        assertThat(output("buzzer").state()).as("buzzer").isEqualTo(polarity.level(buzzer));
    }

    private DigitalOutput output(String id) {
        return context.registry().get(id, DigitalOutput.class);
    }

    private MockDigitalInput input(String id) {
        return context.registry().get(id, MockDigitalInput.class);
    }
}

package org.fablab.node.adapter.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.i2c.I2C;
import com.pi4j.io.spi.Spi;
import com.pi4j.io.spi.SpiBus;
import com.pi4j.io.spi.SpiMode;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.fablab.node.domain.ReadDebouncer;
import org.fablab.node.port.BadgeReader;
import org.fablab.node.port.RawBadge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A 13.56 MHz reader module polled for a card every poll interval on the reader's own daemon thread: an
 * RC522 (MFRC522) on SPI bus 0 or a PN532 on I2C. A card's UID becomes a {@code mifare-uid} badge, debounced
 * (a card left on the reader answers every poll). A failing poll is logged once and the module
 * re-initialised on the next poll. UIDs are never logged.
 */
public final class PollingBadgeReader implements BadgeReader {
    public static final String BADGE_TYPE = "mifare-uid";
    private static final int SPI_HZ = 1_000_000;
    private static final Logger LOG = LoggerFactory.getLogger(PollingBadgeReader.class);

    private final String name;
    private final Runnable init;
    private final Supplier<Optional<String>> poll;
    private final Duration pollInterval;
    private final ReadDebouncer debouncer;
    private final Clock clock;
    private final Runnable release;
    private final ScheduledExecutorService poller;
    private boolean initialised;
    private boolean failing;

    /**
     * @param name    for logs, e.g. {@code rc522}
     * @param init    (re)initialises the module
     * @param poll    looks for a card once
     * @param release frees the bus and pins once polling has stopped
     */
    PollingBadgeReader(String name, Runnable init, Supplier<Optional<String>> poll, Duration pollInterval,
                       Duration debounce, Clock clock, Runnable release) {
        this.name = name;
        this.init = init;
        this.poll = poll;
        this.pollInterval = pollInterval;
        this.debouncer = new ReadDebouncer(debounce);
        this.clock = clock;
        this.release = release;
        this.poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * An RC522 on SPI bus 0.
     *
     * @param chipSelect 0 (CE0) or 1 (CE1)
     * @param resetPin   BCM pin wired to RST, or null when RST is tied high
     */
    public static PollingBadgeReader rc522(Context context, int chipSelect, Integer resetPin, Duration pollInterval,
                                           Duration debounce, Clock clock) {
        Spi spi = context.create(Spi.newConfigBuilder(context).id("rc522").name("RC522 reader")
                .bus(SpiBus.BUS_0).channel(chipSelect).mode(SpiMode.MODE_0).baud(SPI_HZ));
        DigitalOutput reset = resetPin(context, "rc522-reset", resetPin);
        Mfrc522 chip = new Mfrc522(new SpiRegisters(spi));
        return new PollingBadgeReader("rc522", chip::init, chip::readUid, pollInterval, debounce, clock,
                () -> shutdown(context, spi.id(), reset));
    }

    /**
     * A PN532 on I2C (its mode switches set to I2C).
     *
     * @param resetPin BCM pin wired to RSTPDN, or null
     */
    public static PollingBadgeReader pn532(Context context, int bus, int address, Integer resetPin,
                                           Duration pollInterval, Duration debounce, Clock clock) {
        I2C i2c = context.create(I2C.newConfigBuilder(context).id("pn532").name("PN532 reader")
                .bus(bus).device(address));
        DigitalOutput reset = resetPin(context, "pn532-reset", resetPin);
        Pn532 chip = new Pn532(new I2cTransport(i2c));
        return new PollingBadgeReader("pn532", chip::init, chip::readUid, pollInterval, debounce, clock,
                () -> shutdown(context, i2c.id(), reset));
    }

    @Override
    public void start(Listener listener) {
        poller.scheduleWithFixedDelay(() -> poll(listener), 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void poll(Listener listener) {
        try {
            if (!initialised) {
                init.run();
                initialised = true;
                LOG.info("badge reader ready [reader: {}]", name);
            }
            Optional<String> uid = poll.get();
            failing = false;
            if (uid.isPresent() && debouncer.accept(uid.get(), clock.instant())) {
                listener.presented(new RawBadge(BADGE_TYPE, uid.get(), false));
            }
        } catch (RuntimeException e) {
            initialised = false;
            if (!failing) {
                LOG.warn("badge reader poll failed, re-initialising [reader: {}]: {}", name, e.toString());
                failing = true;
            }
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
        try {
            poller.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        release.run();
    }

    private static DigitalOutput resetPin(Context context, String id, Integer pin) {
        return pin == null ? null : context.create(DigitalOutput.newConfigBuilder(context).id(id).name(id)
                .address(pin).initial(DigitalState.HIGH).shutdown(DigitalState.LOW));
    }

    private static void shutdown(Context context, String busId, DigitalOutput reset) {
        if (context.isShutdown()) {
            return;
        }
        if (context.registry().exists(busId)) {
            context.shutdown(busId);
        }
        if (reset != null && context.registry().exists(reset.id())) {
            context.shutdown(reset.id());
        }
    }
}

package org.fablab.node.adapter.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.spi.Spi;
import com.pi4j.io.spi.SpiBus;
import com.pi4j.io.spi.SpiMode;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.fablab.node.domain.ReadDebouncer;
import org.fablab.node.port.BadgeReader;
import org.fablab.node.port.RawBadge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An RC522 (MFRC522) module on SPI bus 0, polled for a card every poll interval on the reader's own daemon
 * thread. A card's UID becomes a {@code mifare-uid} badge, debounced (a card left on the reader answers every
 * poll). A failing poll is logged once and the chip re-initialised on the next poll. UIDs are never logged.
 */
public final class Rc522Reader implements BadgeReader {
    public static final String BADGE_TYPE = "mifare-uid";
    private static final int SPI_HZ = 1_000_000;
    private static final Logger LOG = LoggerFactory.getLogger(Rc522Reader.class);

    private final Mfrc522 chip;
    private final Duration pollInterval;
    private final ReadDebouncer debouncer;
    private final Clock clock;
    private final Runnable release;
    private final ScheduledExecutorService poller;
    private boolean initialised;
    private boolean failing;

    /** @param release frees the bus and pins once polling has stopped */
    Rc522Reader(Mfrc522 chip, Duration pollInterval, Duration debounce, Clock clock, Runnable release) {
        this.chip = chip;
        this.pollInterval = pollInterval;
        this.debouncer = new ReadDebouncer(debounce);
        this.clock = clock;
        this.release = release;
        this.poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rc522");
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
    public static Rc522Reader open(Context context, int chipSelect, Integer resetPin, Duration pollInterval,
                                   Duration debounce, Clock clock) {
        Spi spi = context.create(Spi.newConfigBuilder(context).id("rc522").name("RC522 reader")
                .bus(SpiBus.BUS_0).channel(chipSelect).mode(SpiMode.MODE_0).baud(SPI_HZ));
        DigitalOutput reset = resetPin == null ? null : context.create(DigitalOutput.newConfigBuilder(context)
                .id("rc522-reset").name("RC522 reset").address(resetPin)
                .initial(DigitalState.HIGH).shutdown(DigitalState.LOW));
        return new Rc522Reader(new Mfrc522(new SpiRegisters(spi)), pollInterval, debounce, clock, () -> {
            if (!context.isShutdown()) {
                if (context.registry().exists(spi.id())) {
                    context.shutdown(spi.id());
                }
                if (reset != null && context.registry().exists(reset.id())) {
                    context.shutdown(reset.id());
                }
            }
        });
    }

    @Override
    public void start(Listener listener) {
        poller.scheduleWithFixedDelay(() -> poll(listener), 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void poll(Listener listener) {
        try {
            if (!initialised) {
                int version = chip.init();
                initialised = true;
                LOG.info("badge reader ready [reader: rc522, version: 0x{}]", Integer.toHexString(version));
            }
            Optional<String> uid = chip.readUid();
            failing = false;
            if (uid.isPresent() && debouncer.accept(uid.get(), clock.instant())) {
                listener.presented(new RawBadge(BADGE_TYPE, uid.get(), false));
            }
        } catch (RuntimeException e) {
            initialised = false;
            if (!failing) {
                LOG.warn("badge reader poll failed, re-initialising [reader: rc522]", e);
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
}

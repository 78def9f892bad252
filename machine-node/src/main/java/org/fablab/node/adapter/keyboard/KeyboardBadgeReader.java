package org.fablab.node.adapter.keyboard;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.fablab.node.adapter.ReaderThread;
import org.fablab.node.domain.ReadDebouncer;
import org.fablab.node.port.BadgeReader;
import org.fablab.node.port.RawBadge;
import org.fablab.protocol.CredentialId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A USB keyboard-wedge reader: it "types" the badge number and Enter. Read either from the node's standard
 * input ({@code keyboard-stdin}) or from the reader's Linux input device ({@code keyboard-evdev}, see
 * {@link EvdevDecoder}). Each line that is a {@code keyboard} credential id ({@link CredentialId}: 4–64 letters or
 * digits) becomes a {@code keyboard} badge with that canonical id; other lines are ignored without logging their
 * content. Reads are debounced. When the
 * stream ends or fails (device unplugged), it is reopened every {@link #REOPEN_DELAY} if {@code reopen} is
 * set; standard input is read once. Runs on its own daemon thread.
 */
public final class KeyboardBadgeReader implements BadgeReader {
    public static final String BADGE_TYPE = "keyboard";
    static final Duration REOPEN_DELAY = Duration.ofMillis(500);
    private static final Logger LOG = LoggerFactory.getLogger(KeyboardBadgeReader.class);

    private final String name;
    private final Callable<InputStream> opener;
    private final Supplier<KeyDecoder> decoders;
    private final boolean reopen;
    private final ReadDebouncer debouncer;
    private final Clock clock;
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile InputStream current;
    private final ReaderThread thread = new ReaderThread("keyboard-reader");

    /**
     * @param name     for logs, e.g. the device path
     * @param opener   opens the stream to read; called again after a failure when {@code reopen}
     * @param decoders a fresh decoder per opened stream
     */
    public KeyboardBadgeReader(String name, Callable<InputStream> opener,
                               Supplier<KeyDecoder> decoders, boolean reopen, Duration debounce,
                               Clock clock) {
        this.name = name;
        this.opener = opener;
        this.decoders = decoders;
        this.reopen = reopen;
        this.debouncer = new ReadDebouncer(debounce);
        this.clock = clock;
    }

    @Override
    public void start(Listener listener) {
        thread.start(() -> run(listener));
    }

    @Override
    public void close() {
        stop.countDown();
        InputStream in = current;
        if (in != null && in != System.in) {
            try {
                in.close();
            } catch (IOException e) {
                LOG.debug("closing the badge reader stream failed [reader: {}]", name, e);
            }
        }
    }

    private void run(Listener listener) {
        boolean warned = false;
        do {
            try (InputStream in = opener.call()) {
                current = in;
                warned = false;
                LOG.info("badge reader connected [reader: keyboard, input: {}]", name);
                read(in, listener);
            } catch (Exception e) {
                if (!warned && stop.getCount() > 0) {
                    LOG.warn("badge reader input unavailable [reader: keyboard, input: {}]: {}", name, e.getMessage());
                    warned = true;
                }
            } finally {
                current = null;
            }
        } while (reopen && pause());
    }

    private void read(InputStream in, Listener listener) throws IOException {
        KeyDecoder decoder = decoders.get();
        byte[] buffer = new byte[256];
        int n;
        while (stop.getCount() > 0 && (n = in.read(buffer)) >= 0) {
            decoder.feed(buffer, n, line -> {
                String id;
                try {
                    id = CredentialId.of(BADGE_TYPE, line).id();
                } catch (IllegalArgumentException e) {
                    LOG.debug("typed line is not a badge, ignored [reader: keyboard, length: {}]", line.length());
                    return;
                }
                if (debouncer.accept(id, clock.instant())) {
                    listener.presented(new RawBadge(BADGE_TYPE, id, false));
                }
            });
        }
    }

    /** Waits before reopening; false once the reader is closed. */
    private boolean pause() {
        try {
            return !stop.await(REOPEN_DELAY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

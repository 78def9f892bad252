package org.fablab.node.adapter.serial;

import com.fazecast.jSerialComm.SerialPort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.fablab.node.adapter.ReaderThread;
import org.fablab.node.domain.ReadDebouncer;
import org.fablab.node.port.BadgeReader;
import org.fablab.node.port.RawBadge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An RDM6300 (EM4100, 125 kHz) reader on a serial port, 9600 8N1, read with jSerialComm on the reader's own
 * daemon thread. Valid frames become {@code em4100} badges, debounced (the module repeats the frame while
 * the card stays in the field). When the port disappears (USB adapter unplugged, device gone) or cannot be
 * opened, the reader retries every {@link #REOPEN_DELAY} until it is back; it never gives up. Raw tag ids
 * are never logged.
 */
public final class Rdm6300Reader implements BadgeReader {
    public static final String BADGE_TYPE = "em4100";
    static final Duration REOPEN_DELAY = Duration.ofMillis(500);
    private static final int BAUD = 9600;
    private static final int READ_TIMEOUT_MILLIS = 200;
    private static final Logger LOG = LoggerFactory.getLogger(Rdm6300Reader.class);

    private final String portName;
    private final ReadDebouncer debouncer;
    private final Clock clock;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final ReaderThread thread = new ReaderThread("rdm6300");
    private volatile SerialPort port;
    private volatile boolean connected;

    /** @param portName serial device, e.g. {@code /dev/serial0} or {@code /dev/ttyUSB0} */
    public Rdm6300Reader(String portName, Duration debounce, Clock clock) {
        this.portName = portName;
        this.debouncer = new ReadDebouncer(debounce);
        this.clock = clock;
    }

    @Override
    public void start(Listener listener) {
        thread.start(() -> run(listener));
    }

    /** True while the port is open. */
    public boolean isConnected() {
        return connected;
    }

    @Override
    public void close() {
        stop.countDown();
        SerialPort current = port;
        if (current != null) {
            current.closePort();
        }
        thread.join(Duration.ofSeconds(2));
    }

    private void run(Listener listener) {
        boolean warned = false;
        while (stop.getCount() > 0) {
            SerialPort opened = open();
            if (opened == null) {
                if (!warned) {
                    LOG.warn("badge reader port unavailable, retrying [reader: rdm6300, port: {}]", portName);
                    warned = true;
                }
                pause();
                continue;
            }
            warned = false;
            port = opened;
            connected = true;
            LOG.info("badge reader connected [reader: rdm6300, port: {}]", portName);
            readUntilFailure(opened, listener);
            connected = false;
            opened.closePort();
            port = null;
            if (stop.getCount() > 0) {
                LOG.warn("badge reader port lost, reopening [reader: rdm6300, port: {}]", portName);
                pause();
            }
        }
    }

    private SerialPort open() {
        try {
            SerialPort candidate = SerialPort.getCommPort(portName);
            candidate.setComPortParameters(BAUD, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
            candidate.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, READ_TIMEOUT_MILLIS, 0);
            return candidate.openPort() ? candidate : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void readUntilFailure(SerialPort opened, Listener listener) {
        Rdm6300Frames frames = new Rdm6300Frames();
        byte[] buffer = new byte[64];
        long rejectedBefore = 0;
        while (stop.getCount() > 0) {
            int n = opened.readBytes(buffer, buffer.length);
            if (n < 0 || !opened.isOpen() || (n == 0 && !Files.exists(Path.of(portName)))) {
                return;
            }
            frames.feed(buffer, n, id -> {
                if (debouncer.accept(id, clock.instant())) {
                    listener.presented(new RawBadge(BADGE_TYPE, id, false));
                }
            });
            if (frames.rejected() != rejectedBefore) {
                LOG.debug("corrupt frame ignored [reader: rdm6300, rejected: {}]", frames.rejected());
                rejectedBefore = frames.rejected();
            }
        }
    }

    private void pause() {
        try {
            stop.await(REOPEN_DELAY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.countDown();
        }
    }
}

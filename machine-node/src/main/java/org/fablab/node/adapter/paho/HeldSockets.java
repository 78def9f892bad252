package org.fablab.node.adapter.paho;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.fablab.protocol.NoDelaySockets;

/**
 * The plain TCP sockets of one uplink ({@link NoDelaySockets}), which {@link #release} takes back at any moment of a
 * connect without leaving a Paho thread behind.
 *
 * <p>On a new connection Paho 1.2.5's connect thread ({@code MQTT Con: <client id>}) starts the receiver, sender and
 * callback threads one by one and waits, with no end, until it sees each one running. A connection stopped under it
 * (Paho's own {@code disconnectForcibly} closes the socket) makes the thread just started stop before it is seen, and
 * the connect thread then waits forever. So a socket still connecting is closed at once: its connect fails before
 * any thread starts. A connected one is left to Paho until its first write, the CONNECT packet, which Paho sends only
 * once all three threads run; only then may the client be stopped.
 */
final class HeldSockets extends NoDelaySockets {
    /** Guarded by this. */
    private boolean released;
    /** The socket of the latest connect; guarded by this. */
    private Held latest;

    @Override
    protected synchronized Socket unconnected() {
        latest = new Held();
        if (released) {
            latest.stop();
        }
        return latest;
    }

    /**
     * Stops a connect under way and fails those to come; when the connection was already made, waits up to
     * {@code within} for Paho's connect thread to be done with it (an interrupt ends the wait and is kept).
     */
    void release(Duration within) {
        Held socket;
        synchronized (this) {
            released = true;
            socket = latest;
        }
        if (socket != null && socket.stop()) {
            try {
                socket.written.await(within.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final class Held extends Socket {
        private final Object lock = new Object();
        private final CountDownLatch written = new CountDownLatch(1);
        /** Guarded by lock. */
        private boolean connected;
        /** Guarded by lock. */
        private boolean stopped;

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            super.connect(endpoint, timeout);
            synchronized (lock) {
                if (stopped) {
                    close();
                    throw new SocketException("the uplink was closed while connecting");
                }
                connected = true;
            }
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            OutputStream out = super.getOutputStream();
            return new FilterOutputStream(out) {
                @Override
                public void write(int b) throws IOException {
                    written.countDown();
                    out.write(b);
                }

                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    written.countDown();
                    out.write(bytes, offset, length);
                }
            };
        }

        /**
         * Whether the connection was made; if not, the connect under way or to come fails (closing the socket is what
         * stops a connect under way, or makes one fail before it starts).
         */
        boolean stop() {
            synchronized (lock) {
                stopped = true;
                if (connected) {
                    return true;
                }
            }
            try {
                close();
            } catch (IOException e) {
                // nothing was sent on it: there is nothing left to release
            }
            return false;
        }
    }
}

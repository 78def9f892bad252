package org.fablab.protocol;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import javax.net.SocketFactory;

/**
 * Plain TCP sockets with {@code TCP_NODELAY} set, for the MQTT clients of nodes and gateway on {@code tcp://} URLs.
 * Paho leaves Nagle's algorithm on; an {@code auth/response} written right after the request's PUBACK could then
 * wait for the broker's TCP acknowledgement (up to the peer's delayed-ACK time, 40 ms on Linux) before leaving. The
 * messages are small and few, so sending each at once costs nothing. Thread-safe; a subclass may hand out sockets
 * of its own kind, with the same setting.
 */
public class NoDelaySockets extends SocketFactory {
    private static final LongAdder CREATED = new LongAdder();
    private static final NoDelaySockets INSTANCE = new NoDelaySockets();

    protected NoDelaySockets() {
    }

    /** The factory to hand to an MQTT client for a {@code tcp://} broker URL, empty for other schemes (TLS). */
    public static Optional<SocketFactory> forUrl(String brokerUrl) {
        return brokerUrl != null && brokerUrl.startsWith("tcp://") ? Optional.of(INSTANCE)
                : Optional.empty();
    }

    /** Sockets these factories made since start; lets a benchmark show that its clients really use them. */
    public static long createdCount() {
        return CREATED.sum();
    }

    @Override
    public Socket createSocket() throws IOException {
        Socket socket = unconnected();
        socket.setTcpNoDelay(true);
        CREATED.increment();
        return socket;
    }

    /** A new unconnected socket, before {@code TCP_NODELAY} is set on it. */
    protected Socket unconnected() {
        return new Socket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(createSocket(), new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket socket = createSocket();
        socket.bind(new InetSocketAddress(localHost, localPort));
        return connected(socket, new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(createSocket(), new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        Socket socket = createSocket();
        socket.bind(new InetSocketAddress(localAddress, localPort));
        return connected(socket, new InetSocketAddress(address, port));
    }

    private static Socket connected(Socket socket, InetSocketAddress to) throws IOException {
        socket.connect(to);
        return socket;
    }
}

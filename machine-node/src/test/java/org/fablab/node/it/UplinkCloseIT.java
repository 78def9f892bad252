package org.fablab.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.fablab.node.adapter.paho.PahoUplink;
import org.fablab.node.adapter.sqlite.SqliteNodeStore;
import org.fablab.node.port.NodeMemory;
import org.fablab.node.port.Uplink;
import org.fablab.protocol.AclSnapshot;
import org.fablab.protocol.AuthResponse;
import org.fablab.protocol.Command;
import org.fablab.protocol.MachineState;
import org.fablab.protocol.NodeState;
import org.fablab.protocol.NodeStatus;
import org.fablab.protocol.Signer;
import org.fablab.protocol.TestVectors;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * {@link PahoUplink#close()} while its connect is in flight, on another thread than the one that started it: close
 * returns promptly and nothing connects or reports the node online afterwards; against a broker that accepts TCP but
 * never answers CONNECT (where the connection and every thread of the client are released too), and against the real
 * Mosquitto reached through a relay that holds the CONNECT until close has returned.
 */
class UplinkCloseIT extends NodeOnBrokerTest {
    private static final Duration PROMPTLY = Duration.ofSeconds(3);

    @Test
    void close_whileTheBrokerNeverAnswersConnect_returnsReleasesTheConnectionAndNeverRetries() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             SqliteNodeStore store = SqliteNodeStore.open(dir.resolve("node.db"))) {
            PahoUplink uplink = uplink("tcp://127.0.0.1:" + silent.getLocalPort(), store);
            uplink.start(new Listener());
            silent.setSoTimeout(10_000);
            try (Socket accepted = silent.accept()) {
                assertThat(accepted.getInputStream().read()).as("first byte of CONNECT").isEqualTo(0x10);
                accepted.setSoTimeout(200);

                closeWithin(uplink);

                assertThat(endOfStream(accepted.getInputStream())).as("the connection was released").isTrue();
            }
            silent.setSoTimeout((int) PROMPTLY.toMillis());
            assertThatThrownBy(silent::accept).as("a connect after close").isInstanceOf(SocketTimeoutException.class);
            awaitNoThreadOfTheNode(PROMPTLY);
        }
    }

    /**
     * Close lands as the TCP connection is made, while Paho starts the client's threads: Paho 1.2.5's connect thread
     * waits for each thread it starts to be seen running, so a connection stopped under it then kept it forever.
     */
    @RepeatedTest(5)
    void close_asTheBrokerAcceptsTcp_leavesNoThreadOfTheClient() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             SqliteNodeStore store = SqliteNodeStore.open(dir.resolve("node.db"))) {
            PahoUplink uplink = uplink("tcp://127.0.0.1:" + silent.getLocalPort(), store);
            uplink.start(new Listener());
            silent.setSoTimeout(10_000);
            try (Socket accepted = silent.accept()) {
                closeWithin(uplink);

                awaitNoThreadOfTheNode(PROMPTLY);
            }
        }
    }

    @Test
    void close_whileConnectingToMosquitto_leavesTheNodeNeverOnline() throws Exception {
        try (Relay relay = new Relay(); SqliteNodeStore store = SqliteNodeStore.open(dir.resolve("node.db"))) {
            PahoUplink uplink = uplink("tcp://127.0.0.1:" + relay.port(), store);
            uplink.start(new Listener());
            relay.awaitClient();

            closeWithin(uplink);
            relay.release();

            Thread.sleep(PROMPTLY.toMillis());
            assertThat(statuses()).as("statuses of the node after close").noneMatch(s -> s.state() == NodeState.ONLINE);
        }
    }

    private PahoUplink uplink(String url, SqliteNodeStore store) {
        return new PahoUplink(new PahoUplink.Settings(url, null, null, lab, node, Duration.ofSeconds(1)),
                new Signer(TestVectors.nodePrivateKey("laser-1")), TestVectors.gatewayPublicKey(), store,
                Clock.systemUTC());
    }

    /** Closes on another thread than the test's, as the node's shutdown hook does, and fails if it hangs. */
    private static void closeWithin(PahoUplink uplink) throws Exception {
        CompletableFuture.runAsync(uplink::close).get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static boolean endOfStream(InputStream in) throws IOException {
        long deadline = System.nanoTime() + PROMPTLY.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (in.read() < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                // nothing yet
            } catch (IOException e) {
                return true; // reset by the client: released as well
            }
        }
        return false;
    }

    private void awaitNoThreadOfTheNode(Duration within) {
        await().atMost(within).untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
                .filteredOn(Thread::isAlive).extracting(Thread::getName).noneMatch(name -> name.contains(node)));
    }

    private List<NodeStatus> statuses() {
        return client.received().stream().map(Broker.Client.Received::verified)
                .filter(NodeStatus.class::isInstance).map(NodeStatus.class::cast).toList();
    }

    private final class Listener implements Uplink.Listener {
        @Override
        public NodeStatus currentStatus() {
            return NodeStatus.online(lab, node, Instant.now(), MachineState.IDLE, null, "test");
        }

        @Override
        public void aclReceived(AclSnapshot acl, NodeMemory.StoredAcl payload) {
        }

        @Override
        public void commandReceived(Command command) {
        }

        @Override
        public void authAnswered(AuthResponse response) {
        }

        @Override
        public void inboundRejected() {
        }
    }

    /** Accepts one client and relays it to Mosquitto, but only once released: until then its CONNECT waits. */
    private static final class Relay implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final CountDownLatch accepted = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private final Thread thread;

        Relay() throws IOException {
            thread = new Thread(this::relayOne, "relay");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return server.getLocalPort();
        }

        void awaitClient() throws InterruptedException {
            assertThat(accepted.await(10, TimeUnit.SECONDS)).as("the uplink connected to the relay").isTrue();
        }

        void release() {
            released.countDown();
        }

        private void relayOne() {
            try (Socket in = server.accept()) {
                accepted.countDown();
                released.await();
                try (Socket out = new Socket(Broker.host(), Broker.port())) {
                    Thread back = new Thread(() -> pump(out, in), "relay-back");
                    back.setDaemon(true);
                    back.start();
                    pump(in, out);
                    back.join(PROMPTLY.toMillis());
                }
            } catch (IOException | InterruptedException e) {
                // the test is over
            }
        }

        private static void pump(Socket from, Socket to) {
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                in.transferTo(out);
                to.shutdownOutput();
            } catch (IOException e) {
                // one side closed
            }
        }

        @Override
        public void close() throws IOException {
            released.countDown();
            server.close();
        }
    }
}

package org.fablab.gateway.adapter.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A Mosquitto 2 of one test ({@code /usr/sbin/mosquitto}) on a free loopback port, anonymous, with the test's own
 * settings and its log in the test's folder; or one configured by {@code conf.d} files, as Debian's is.
 */
public final class PrivateMosquitto implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/sbin/mosquitto");

    private final Process process;
    private final int port;
    private final Path log;

    private PrivateMosquitto(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts it with {@code settings} (lines of mosquitto.conf) and waits for its port. */
    public static PrivateMosquitto start(Path folder, String settings) throws IOException {
        int port = freePort();
        Path conf = folder.resolve("mosquitto.conf");
        Path log = folder.resolve("mosquitto.log");
        // as root, Mosquitto would switch to the mosquitto user, which may not read this test's folder
        Files.writeString(conf, """
                user %s
                listener %d 127.0.0.1
                allow_anonymous true
                %s
                """.formatted(System.getProperty("user.name"), port, settings));
        return run(conf, port, log);
    }

    /**
     * Starts it with a main file that only includes {@code confD}, as Debian's {@code mosquitto.conf} does, and waits
     * for {@code port}, the listener the files there open. Started again on the same folder, it appends to its log.
     */
    public static PrivateMosquitto startIncluding(Path folder, Path confD, int port) throws IOException {
        Path conf = folder.resolve("mosquitto.conf");
        // as root, Mosquitto would switch to the mosquitto user, which may not read this test's folder
        Files.writeString(conf, "user " + System.getProperty("user.name") + "\ninclude_dir " + confD + "\n");
        return run(conf, port, folder.resolve("mosquitto.log"));
    }

    private static PrivateMosquitto run(Path conf, int port, Path log) throws IOException {
        Process process = new ProcessBuilder(BINARY.toString(), "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        PrivateMosquitto broker = new PrivateMosquitto(process, port, log);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            assertThat(process.isAlive()).as("mosquitto running").isTrue();
            try {
                new Socket("127.0.0.1", port).close();
                return true;
            } catch (IOException notYet) {
                return false;
            }
        });
        return broker;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** What Mosquitto logged so far. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** A loopback port nothing listens on at this instant. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

package org.fablab.node.adapter.serial;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A pseudo-terminal pair made by {@code socat}: the reader opens {@link #readerEnd()}, the test writes what
 * a module would send to {@link #deviceEnd()}. Stopping socat makes both ends vanish, like an unplugged
 * USB serial adapter; starting it again brings them back under the same names.
 */
final class SocatPair implements AutoCloseable {
    private final Path readerEnd;
    private final Path deviceEnd;
    private Process process;

    SocatPair(Path dir) {
        this.readerEnd = dir.resolve("reader");
        this.deviceEnd = dir.resolve("device");
    }

    Path readerEnd() {
        return readerEnd;
    }

    Path deviceEnd() {
        return deviceEnd;
    }

    SocatPair start() throws IOException, InterruptedException {
        process = new ProcessBuilder("socat", "-d", "-d",
                "pty,raw,echo=0,link=" + readerEnd, "pty,raw,echo=0,link=" + deviceEnd)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(Files.exists(readerEnd) && Files.exists(deviceEnd))) {
            if (!process.isAlive()) {
                throw new IllegalStateException("socat exited with " + process.exitValue() + " (is socat installed?)");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("socat did not create its pseudo-terminals within 10 s");
            }
            Thread.sleep(20);
        }
        return this;
    }

    /** Writes bytes as the module would, from the device end. */
    void send(byte[] bytes) throws IOException {
        try (OutputStream out = Files.newOutputStream(deviceEnd)) {
            out.write(bytes);
            out.flush();
        }
    }

    /** Stops socat; both ends disappear. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        process = null;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}

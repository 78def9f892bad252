package org.fablab.node.adapter.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.fablab.node.port.BadgeReader;
import org.fablab.node.port.RawBadge;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The RDM6300 reader over socat pseudo-terminals: real frames, corrupted frames, unplug and replug. */
class Rdm6300ReaderIT {
    private static final Duration DEBOUNCE = Duration.ofMillis(300);

    @TempDir
    Path dir;

    private SocatPair socat;
    private Rdm6300Reader reader;
    private final List<RawBadge> reads = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        socat = new SocatPair(dir).start();
        reader = new Rdm6300Reader(socat.readerEnd().toString(), DEBOUNCE, Clock.systemUTC());
        reader.start(new BadgeReader.Listener() {
            @Override
            public void presented(RawBadge badge) {
                reads.add(badge);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(reader::isConnected);
    }

    @AfterEach
    void stop() throws Exception {
        reader.close();
        socat.close();
    }

    @Test
    void validFrame_becomesAnEm4100Badge() throws Exception {
        socat.send(Rdm6300FramesTest.frame("0012345678"));

        await().atMost(Duration.ofSeconds(5)).until(() -> reads.size() == 1);
        assertThat(reads.get(0).type()).isEqualTo("em4100");
        assertThat(reads.get(0).id()).isEqualTo("0012345678");
        assertThat(reads.get(0).authenticated()).isFalse();
    }

    @Test
    void corruptedFrames_areRejectedAndValidOnesStillRead() throws Exception {
        socat.send("\u0002001234567809\u0003".getBytes(StandardCharsets.ISO_8859_1));
        socat.send("\u00020012X45678\u0003noise".getBytes(StandardCharsets.ISO_8859_1));
        socat.send(Rdm6300FramesTest.frame("7F00000001"));

        await().atMost(Duration.ofSeconds(5)).until(() -> !reads.isEmpty());
        Thread.sleep(200);
        assertThat(reads).extracting(RawBadge::id).containsExactly("7F00000001");
    }

    @Test
    void cardHeldInTheField_isOneRead() throws Exception {
        for (int i = 0; i < 10; i++) {
            socat.send(Rdm6300FramesTest.frame("0012345678"));
            Thread.sleep(50);
        }
        Thread.sleep(DEBOUNCE.toMillis() + 200);
        socat.send(Rdm6300FramesTest.frame("0012345678"));

        await().atMost(Duration.ofSeconds(5)).until(() -> reads.size() == 2);
        Thread.sleep(200);
        assertThat(reads).hasSize(2);
    }

    @Test
    void portUnpluggedAndReplugged_readerRecovers() throws Exception {
        socat.stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> !reader.isConnected());

        socat.start();
        await().atMost(Duration.ofSeconds(10)).until(reader::isConnected);
        socat.send(Rdm6300FramesTest.frame("0A1B2C3D4E"));

        await().atMost(Duration.ofSeconds(5)).until(() -> reads.size() == 1);
        assertThat(reads.get(0).id()).isEqualTo("0A1B2C3D4E");
    }
}

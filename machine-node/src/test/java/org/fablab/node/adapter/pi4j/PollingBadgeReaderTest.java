package org.fablab.node.adapter.pi4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fablab.node.port.BadgeReader;
import org.fablab.node.port.RawBadge;
import org.junit.jupiter.api.Test;

/** The polling reader on the fake MFRC522 of {@link Mfrc522Test}: one read per card held, released on close. */
class PollingBadgeReaderTest {
    private final Mfrc522Test.FakeChip chip = new Mfrc522Test.FakeChip();
    private final AtomicBoolean released = new AtomicBoolean();
    private final List<RawBadge> reads = new CopyOnWriteArrayList<>();

    @Test
    void cardHeldOnTheReader_isOneRead_andACardPresentedAgainLaterIsAnother() throws Exception {
        Mfrc522 rc522 = new Mfrc522(chip);
        PollingBadgeReader reader = new PollingBadgeReader("rc522", rc522::init, rc522::readUid,
                Duration.ofMillis(10), Duration.ofMillis(300), Clock.systemUTC(), () -> released.set(true));
        reader.start(new BadgeReader.Listener() {
            @Override
            public void presented(RawBadge badge) {
                reads.add(badge);
            }
        });

        chip.uid = HexFormat.of().parseHex("04A1B2C3D4E5F6");
        await().atMost(Duration.ofSeconds(5)).until(() -> reads.size() == 1);
        Thread.sleep(200);
        assertThat(reads).hasSize(1);
        chip.uid = null;
        Thread.sleep(500);
        chip.uid = HexFormat.of().parseHex("04A1B2C3D4E5F6");
        await().atMost(Duration.ofSeconds(5)).until(() -> reads.size() == 2);

        reader.close();
        assertThat(reads).extracting(RawBadge::type).containsOnly("mifare-uid");
        assertThat(reads).extracting(RawBadge::id).containsOnly("04A1B2C3D4E5F6");
        assertThat(released).isTrue();
    }
}

package org.fablab.node.adapter.keyboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.fablab.node.port.BadgeReader;
import org.fablab.node.port.RawBadge;
import org.junit.jupiter.api.Test;

class KeyboardBadgeReaderTest {
    private final List<RawBadge> reads = new CopyOnWriteArrayList<>();
    private final BadgeReader.Listener listener = new BadgeReader.Listener() {
        @Override
        public void presented(RawBadge badge) {
            reads.add(badge);
        }
    };

    @Test
    void textLines_becomeKeyboardBadges_debouncedAndFiltered() throws Exception {
        PipedOutputStream typing = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(typing);
        KeyboardBadgeReader reader = new KeyboardBadgeReader("stdin", () -> stdin, KeyDecoder::textLines, false,
                Duration.ofSeconds(2), Clock.systemUTC());
        reader.start(listener);

        typing.write("0004567890\r\n0004567890\nhello world\n12\nab12cd34\n".getBytes(StandardCharsets.US_ASCII));
        typing.flush();

        await().atMost(Duration.ofSeconds(5)).until(() -> reads.size() == 2);
        assertThat(reads).extracting(RawBadge::type).containsOnly("keyboard");
        assertThat(reads).extracting(RawBadge::id).containsExactly("0004567890", "AB12CD34");
        reader.close();
    }

    @Test
    void evdevDecoder_turnsKeyPressesIntoLines() {
        ByteArrayOutputStream events = new ByteArrayOutputStream();
        for (int code : new int[] {11, 11, 5, 30, 79, 82}) {
            event(events, 24, EvdevDecoder.EV_KEY, code, 1);
            event(events, 24, EvdevDecoder.EV_KEY, code, 0);
            event(events, 24, 0, 0, 0);
        }
        event(events, 24, EvdevDecoder.EV_KEY, 2, 2);
        event(events, 24, EvdevDecoder.EV_KEY, EvdevDecoder.KEY_ENTER, 1);
        byte[] bytes = events.toByteArray();
        List<String> lines = new ArrayList<>();
        EvdevDecoder decoder = new EvdevDecoder(24);

        decoder.feed(bytes, 30, lines::add);
        decoder.feed(java.util.Arrays.copyOfRange(bytes, 30, bytes.length), bytes.length - 30, lines::add);

        assertThat(lines).containsExactly("004A10");
    }

    @Test
    void evdevDecoder_32BitEvents() {
        ByteArrayOutputStream events = new ByteArrayOutputStream();
        event(events, 16, EvdevDecoder.EV_KEY, 10, 1);
        event(events, 16, EvdevDecoder.EV_KEY, EvdevDecoder.KEY_KPENTER, 1);
        List<String> lines = new ArrayList<>();

        new EvdevDecoder(16).feed(events.toByteArray(), events.size(), lines::add);

        assertThat(lines).containsExactly("9");
    }

    private static void event(ByteArrayOutputStream out, int size, int type, int code, int value) {
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.position(size - 8);
        b.putShort((short) type).putShort((short) code).putInt(value);
        out.writeBytes(b.array());
    }
}

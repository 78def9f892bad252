package org.fablab.node.adapter.keyboard;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Decodes Linux input events ({@code struct input_event} read from {@code /dev/input/eventN}) of a
 * keyboard-wedge reader: key presses of digits (main row and keypad) and of A–F become characters, Enter
 * ends the line. Other events (releases, repeats, sync, other keys) are skipped. The struct is 24 bytes on a
 * 64-bit kernel ABI (two 8-byte time fields) and 16 bytes on a 32-bit one, little-endian on the Pi.
 */
public final class EvdevDecoder implements KeyDecoder {
    static final int MAX_LINE = 64;
    static final int EV_KEY = 1;
    static final int PRESS = 1;
    static final int KEY_ENTER = 28;
    static final int KEY_KPENTER = 96;
    private static final Map<Integer, Character> KEYS = Map.ofEntries(
            Map.entry(2, '1'), Map.entry(3, '2'), Map.entry(4, '3'), Map.entry(5, '4'), Map.entry(6, '5'),
            Map.entry(7, '6'), Map.entry(8, '7'), Map.entry(9, '8'), Map.entry(10, '9'), Map.entry(11, '0'),
            Map.entry(79, '1'), Map.entry(80, '2'), Map.entry(81, '3'), Map.entry(75, '4'), Map.entry(76, '5'),
            Map.entry(77, '6'), Map.entry(71, '7'), Map.entry(72, '8'), Map.entry(73, '9'), Map.entry(82, '0'),
            Map.entry(30, 'A'), Map.entry(48, 'B'), Map.entry(46, 'C'), Map.entry(32, 'D'), Map.entry(18, 'E'),
            Map.entry(33, 'F'));

    private final int eventSize;
    private final ByteBuffer pending;
    private final StringBuilder line = new StringBuilder();

    /** @param eventSize 24 (64-bit) or 16 (32-bit) */
    public EvdevDecoder(int eventSize) {
        if (eventSize != 16 && eventSize != 24) {
            throw new IllegalArgumentException("eventSize must be 16 or 24, was " + eventSize);
        }
        this.eventSize = eventSize;
        this.pending = ByteBuffer.allocate(eventSize).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The event size of the running JVM's ABI. */
    public static EvdevDecoder forThisPlatform() {
        return new EvdevDecoder(System.getProperty("os.arch", "").contains("64") ? 24 : 16);
    }

    @Override
    public void feed(byte[] bytes, int length, Consumer<String> lines) {
        for (int i = 0; i < length; i++) {
            pending.put(bytes[i]);
            if (!pending.hasRemaining()) {
                int offset = eventSize - 8;
                event(pending.getShort(offset) & 0xffff, pending.getShort(offset + 2) & 0xffff,
                        pending.getInt(offset + 4), lines);
                pending.clear();
            }
        }
    }

    private void event(int type, int code, int value, Consumer<String> lines) {
        if (type != EV_KEY || value != PRESS) {
            return;
        }
        if (code == KEY_ENTER || code == KEY_KPENTER) {
            if (!line.isEmpty()) {
                lines.accept(line.toString());
                line.setLength(0);
            }
            return;
        }
        Character c = KEYS.get(code);
        if (c != null && line.length() < MAX_LINE) {
            line.append(c);
        }
    }
}

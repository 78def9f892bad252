package org.fablab.node.adapter.serial;

import java.util.HexFormat;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Decodes the RDM6300 / EM4100 125 kHz reader's serial output: {@code 0x02}, ten ASCII hex digits of data
 * (a version byte and the 4-byte tag number), two ASCII hex digits of checksum (the XOR of the five data
 * bytes), {@code 0x03}. Valid frames yield the ten data digits in uppercase, the {@code em4100} badge id.
 * Anything else (bad checksum, non-hex digits, wrong length, bytes outside a frame) is counted as rejected
 * and skipped up to the next {@code 0x02}. Pure; not thread-safe.
 */
public final class Rdm6300Frames {
    static final byte STX = 0x02;
    static final byte ETX = 0x03;
    static final int PAYLOAD_CHARS = 12;

    private final StringBuilder payload = new StringBuilder(PAYLOAD_CHARS);
    private boolean inFrame;
    private boolean skipping;
    private long rejected;

    /** Feeds {@code length} bytes; each complete valid frame's id goes to {@code tags}, in order. */
    public void feed(byte[] bytes, int length, Consumer<String> tags) {
        for (int i = 0; i < length; i++) {
            accept(bytes[i], tags);
        }
    }

    /** Frames (or stray bytes runs) rejected so far. */
    public long rejected() {
        return rejected;
    }

    private void accept(byte b, Consumer<String> tags) {
        if (b == STX) {
            if (inFrame) {
                rejected++;
            }
            inFrame = true;
            skipping = false;
            payload.setLength(0);
            return;
        }
        if (!inFrame) {
            if (!skipping) {
                rejected++;
                skipping = true;
            }
            return;
        }
        if (b == ETX) {
            inFrame = false;
            String id = decode(payload);
            if (id == null) {
                rejected++;
            } else {
                tags.accept(id);
            }
            return;
        }
        if (payload.length() == PAYLOAD_CHARS) {
            rejected++;
            inFrame = false;
            skipping = true;
            return;
        }
        payload.append((char) (b & 0xff));
    }

    /** The data digits of a valid payload, uppercase, or null. */
    static String decode(CharSequence payload) {
        if (payload.length() != PAYLOAD_CHARS) {
            return null;
        }
        byte[] bytes;
        try {
            bytes = HexFormat.of().parseHex(payload);
        } catch (IllegalArgumentException e) {
            return null;
        }
        byte xor = 0;
        for (int i = 0; i < 5; i++) {
            xor ^= bytes[i];
        }
        return xor == bytes[5] ? payload.subSequence(0, 10).toString().toUpperCase(Locale.ROOT) : null;
    }
}

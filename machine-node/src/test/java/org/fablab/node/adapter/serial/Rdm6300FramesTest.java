package org.fablab.node.adapter.serial;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Rdm6300FramesTest {
    private final Rdm6300Frames frames = new Rdm6300Frames();
    private final List<String> tags = new ArrayList<>();

    /** A frame as the module sends it: STX, data, XOR checksum, ETX. */
    static byte[] frame(String data) {
        byte xor = 0;
        for (int i = 0; i < 10; i += 2) {
            xor ^= (byte) Integer.parseInt(data.substring(i, i + 2), 16);
        }
        return bytes((char) 2 + data + String.format("%02X", xor & 0xff) + (char) 3);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private void feed(byte[] bytes) {
        frames.feed(bytes, bytes.length, tags::add);
    }

    @Test
    void validFrame_yieldsTheTenDataDigits() {
        // 0x00 ^ 0x12 ^ 0x34 ^ 0x56 ^ 0x78 = 0x08
        feed(bytes("\u00020012345678" + "08\u0003"));

        assertThat(tags).containsExactly("0012345678");
        assertThat(frames.rejected()).isZero();
    }

    @Test
    void lowercaseHex_isNormalisedToUppercase() {
        feed(frame("1a00bc12ef"));

        assertThat(tags).containsExactly("1A00BC12EF");
    }

    @Test
    void framesSplitAcrossReads_areReassembled() {
        byte[] f = frame("0A1B2C3D4E");
        frames.feed(f, 5, tags::add);
        frames.feed(java.util.Arrays.copyOfRange(f, 5, f.length), f.length - 5, tags::add);

        assertThat(tags).containsExactly("0A1B2C3D4E");
    }

    @Test
    void backToBackFrames_eachYieldATag() {
        feed(frame("0012345678"));
        feed(frame("0012345678"));
        feed(frame("7F00000001"));

        assertThat(tags).containsExactly("0012345678", "0012345678", "7F00000001");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "\u0002001234567809\u0003",      // wrong checksum
            "\u00020012345G7808\u0003",      // not hex
            "\u000200123456780\u0003",       // one digit short
            "\u00020012345678080\u0003",     // one digit long
            "0012345678",                    // no framing at all
    })
    void corruptFrames_areRejected(String text) {
        feed(bytes(text));

        assertThat(tags).isEmpty();
        assertThat(frames.rejected()).isPositive();
    }

    @Test
    void aCorruptFrame_doesNotSpoilTheNextOne() {
        feed(bytes("\u0002001234\u0002"));
        feed(bytes("garbage\u0003"));
        feed(frame("0012345678"));

        assertThat(tags).containsExactly("0012345678");
        assertThat(frames.rejected()).isEqualTo(2);
    }
}

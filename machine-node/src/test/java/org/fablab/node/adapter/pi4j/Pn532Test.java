package org.fablab.node.adapter.pi4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class Pn532Test {

    /** A PN532 on I2C: ready status, ACK, then a response frame per command, as the user manual shows. */
    static final class FakePn532 implements Pn532.Transport {
        final List<Integer> commands = new ArrayList<>();
        final ArrayDeque<byte[]> pending = new ArrayDeque<>();
        byte[] uid;
        boolean corruptChecksum;

        @Override
        public void write(byte[] frame) {
            assertThat(Arrays.copyOfRange(frame, 0, 3)).containsExactly(0x00, 0x00, 0xFF);
            int code = frame[6] & 0xff;
            commands.add(code);
            pending.add(Pn532.ACK);
            byte[] data = switch (code) {
                case Pn532.IN_LIST_PASSIVE_TARGET -> uid == null ? new byte[] {0}
                        : concat(new byte[] {1, 1, 0x00, 0x44, 0x00, (byte) uid.length}, uid);
                default -> new byte[0];
            };
            pending.add(responseFrame(code + 1, data));
        }

        @Override
        public byte[] read(int length) {
            byte[] out = new byte[length];
            if (pending.isEmpty()) {
                return out;
            }
            out[0] = 0x01;
            if (length > 1) {
                byte[] next = pending.pop();
                System.arraycopy(next, 0, out, 1, Math.min(next.length, length - 1));
            }
            return out;
        }

        private byte[] responseFrame(int code, byte[] data) {
            int length = 2 + data.length;
            byte[] f = new byte[length + 7];
            f[2] = (byte) 0xFF;
            f[3] = (byte) length;
            f[4] = (byte) -length;
            f[5] = Pn532.PN532_TO_HOST;
            f[6] = (byte) code;
            int sum = (Pn532.PN532_TO_HOST & 0xff) + code;
            for (int i = 0; i < data.length; i++) {
                f[7 + i] = data[i];
                sum += data[i] & 0xff;
            }
            f[7 + data.length] = (byte) (corruptChecksum ? ~(-sum) : -sum);
            return f;
        }

        private static byte[] concat(byte[] a, byte[] b) {
            byte[] out = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, out, a.length, b.length);
            return out;
        }
    }

    private final FakePn532 chip = new FakePn532();
    private final Pn532 reader = new Pn532(chip);

    @Test
    void frame_hasLengthAndDataChecksums() {
        assertThat(Pn532.frame(Pn532.SAM_CONFIGURATION, 0x01, 0x14, 0x01))
                .containsExactly(0x00, 0x00, 0xFF, 0x05, 0xFB, 0xD4, 0x14, 0x01, 0x14, 0x01, 0x02, 0x00);
    }

    @Test
    void init_configuresTheSamThenTheRetries() {
        reader.init();

        assertThat(chip.commands).containsExactly(Pn532.SAM_CONFIGURATION, Pn532.RF_CONFIGURATION);
    }

    @Test
    void noCard_readsNothing() {
        reader.init();

        assertThat(reader.readUid()).isEmpty();
    }

    @Test
    void card_readsItsUidInUppercaseHex() {
        reader.init();
        chip.uid = HexFormat.of().parseHex("04a1b2c3d4e5f6");

        assertThat(reader.readUid()).contains("04A1B2C3D4E5F6");
        assertThat(chip.commands).endsWith(Pn532.IN_LIST_PASSIVE_TARGET);
    }

    @Test
    void corruptResponse_isAnError() {
        reader.init();
        chip.uid = HexFormat.of().parseHex("a1b2c3d4");
        chip.corruptChecksum = true;

        assertThatThrownBy(reader::readUid).hasMessageContaining("checksum");
    }
}

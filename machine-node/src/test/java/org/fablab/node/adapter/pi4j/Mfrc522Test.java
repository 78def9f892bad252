package org.fablab.node.adapter.pi4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class Mfrc522Test {

    /** An MFRC522 with an ISO 14443-A card in its field (or none), answering as the datasheets describe. */
    static final class FakeChip implements Mfrc522.Registers {
        final int[] registers = new int[64];
        final ArrayDeque<Byte> fifo = new ArrayDeque<>();
        final List<String> writes = new ArrayList<>();
        byte[] uid;
        boolean corruptBcc;

        FakeChip() {
            registers[Mfrc522.VERSION] = 0x92;
        }

        @Override
        public int read(int register) {
            if (register == Mfrc522.FIFO_DATA) {
                return fifo.isEmpty() ? 0 : fifo.pop() & 0xff;
            }
            if (register == Mfrc522.FIFO_LEVEL) {
                return fifo.size();
            }
            return registers[register];
        }

        @Override
        public void write(int register, int value) {
            writes.add(String.format("%02X=%02X", register, value));
            switch (register) {
                case Mfrc522.FIFO_DATA -> fifo.add((byte) value);
                case Mfrc522.FIFO_LEVEL -> fifo.clear();
                case Mfrc522.COMMAND -> {
                    registers[register] = value;
                    if (value == Mfrc522.CMD_TRANSCEIVE) {
                        transceive();
                    }
                }
                default -> registers[register] = value;
            }
        }

        private void transceive() {
            byte[] sent = new byte[fifo.size()];
            int i = 0;
            for (byte b : fifo) {
                sent[i++] = b;
            }
            fifo.clear();
            byte[] answer = uid == null ? null : answer(sent);
            if (answer == null) {
                registers[Mfrc522.COM_IRQ] = 0x01;
                return;
            }
            for (byte b : answer) {
                fifo.add(b);
            }
            registers[Mfrc522.COM_IRQ] = 0x30;
        }

        private byte[] answer(byte[] sent) {
            if (sent.length == 1 && sent[0] == Mfrc522.REQA) {
                return new byte[] {uid.length == 4 ? (byte) 0x04 : 0x44, 0x00};
            }
            if (sent.length == 2 && sent[1] == 0x20) {
                byte[] part = sent[0] == (byte) 0x93
                        ? (uid.length == 4 ? Arrays.copyOf(uid, 4) : new byte[] {(byte) 0x88, uid[0], uid[1], uid[2]})
                        : Arrays.copyOfRange(uid, 3, 7);
                byte bcc = 0;
                for (byte b : part) {
                    bcc ^= b;
                }
                byte[] out = Arrays.copyOf(part, 5);
                out[4] = corruptBcc ? (byte) ~bcc : bcc;
                return out;
            }
            if (sent.length == 9 && sent[1] == 0x70) {
                byte[] sak = {0x04, 0, 0};
                int crc = Mfrc522.crcA(sak, 1);
                sak[1] = (byte) crc;
                sak[2] = (byte) (crc >> 8);
                return sak;
            }
            return null;
        }
    }

    private final FakeChip chip = new FakeChip();
    private final Mfrc522 reader = new Mfrc522(chip);

    @Test
    void init_resetsConfiguresTimerAndSwitchesTheAntennaOn() {
        int version = reader.init();

        assertThat(version).isEqualTo(0x92);
        assertThat(chip.writes).containsSubsequence("01=0F", "2A=80", "2B=A9", "2C=03", "2D=E8", "15=40", "11=3D",
                "14=03");
    }

    @Test
    void noCard_readsNothing() {
        reader.init();

        assertThat(reader.readUid()).isEmpty();
    }

    @Test
    void fourByteUid_isReadInUppercaseHex() {
        reader.init();
        chip.uid = HexFormat.of().parseHex("a1b2c3d4");

        assertThat(reader.readUid()).contains("A1B2C3D4");
    }

    @Test
    void sevenByteUid_isReadThroughTwoCascadeLevels() {
        reader.init();
        chip.uid = HexFormat.of().parseHex("04A1B2C3D4E5F6");

        assertThat(reader.readUid()).contains("04A1B2C3D4E5F6");
        assertThat(chip.writes).contains("09=95");
    }

    @Test
    void badBcc_isNoRead() {
        reader.init();
        chip.uid = HexFormat.of().parseHex("a1b2c3d4");
        chip.corruptBcc = true;

        assertThat(reader.readUid()).isEmpty();
    }

    @Test
    void reqa_isSentAsA7BitShortFrame() {
        reader.init();
        chip.writes.clear();

        reader.readUid();

        assertThat(chip.writes).containsSubsequence("09=26", "0D=07", "01=0C", "0D=87");
    }

    @Test
    void crcA_matchesTheIso14443Example() {
        // ISO/IEC 14443-3 Annex B: CRC_A of 0x00 0x00 is 0x1EA0 (sent A0 1E)
        assertThat(Mfrc522.crcA(new byte[] {0, 0}, 2)).isEqualTo(0x1EA0);
    }
}

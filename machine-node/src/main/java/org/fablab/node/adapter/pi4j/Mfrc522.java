package org.fablab.node.adapter.pi4j;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The MFRC522 (RC522 module) command sequence for reading an ISO 14443-A card's UID: init, antenna on,
 * REQA, anticollision and SELECT through cascade levels 1 and 2 (4- and 7-byte UIDs). Talks to the chip
 * through {@link Registers}, so the protocol is independent of the bus. Not thread-safe: one polling thread.
 */
public final class Mfrc522 {
    /** Register access to the chip. */
    public interface Registers {
        int read(int register);

        void write(int register, int value);
    }

    static final int COMMAND = 0x01;
    static final int COM_IRQ = 0x04;
    static final int ERROR = 0x06;
    static final int FIFO_DATA = 0x09;
    static final int FIFO_LEVEL = 0x0A;
    static final int BIT_FRAMING = 0x0D;
    static final int COLL = 0x0E;
    static final int MODE = 0x11;
    static final int TX_CONTROL = 0x14;
    static final int TX_ASK = 0x15;
    static final int T_MODE = 0x2A;
    static final int T_PRESCALER = 0x2B;
    static final int T_RELOAD_H = 0x2C;
    static final int T_RELOAD_L = 0x2D;
    static final int VERSION = 0x37;
    static final int CMD_IDLE = 0x00;
    static final int CMD_TRANSCEIVE = 0x0C;
    static final int CMD_SOFT_RESET = 0x0F;
    static final int REQA = 0x26;
    static final int CASCADE_TAG = 0x88;
    private static final int MAX_POLLS = 200;

    private final Registers chip;

    public Mfrc522(Registers chip) {
        this.chip = chip;
    }

    /** Soft reset, 25 ms timer for card answers, 100% ASK, CRC preset 0x6363, antenna on; returns VersionReg. */
    public int init() {
        chip.write(COMMAND, CMD_SOFT_RESET);
        for (int i = 0; i < MAX_POLLS && (chip.read(COMMAND) & 0x10) != 0; i++) {
            Thread.onSpinWait();
        }
        chip.write(T_MODE, 0x80);
        chip.write(T_PRESCALER, 0xA9);
        chip.write(T_RELOAD_H, 0x03);
        chip.write(T_RELOAD_L, 0xE8);
        chip.write(TX_ASK, 0x40);
        chip.write(MODE, 0x3D);
        int tx = chip.read(TX_CONTROL);
        if ((tx & 0x03) != 0x03) {
            chip.write(TX_CONTROL, tx | 0x03);
        }
        return chip.read(VERSION);
    }

    /** Looks for a card once: its UID in uppercase hex, or empty when no card answers cleanly. */
    public Optional<String> readUid() {
        chip.write(COLL, 0x80);
        byte[] atqa = transceive(new byte[] {REQA}, 7);
        if (atqa == null || atqa.length != 2) {
            return Optional.empty();
        }
        byte[] level1 = anticollision(0x93);
        if (level1 == null) {
            return Optional.empty();
        }
        if ((level1[0] & 0xff) != CASCADE_TAG) {
            return Optional.of(HexFormat.of().withUpperCase().formatHex(level1, 0, 4));
        }
        if (!select(0x93, level1)) {
            return Optional.empty();
        }
        byte[] level2 = anticollision(0x95);
        if (level2 == null) {
            return Optional.empty();
        }
        byte[] uid = new byte[7];
        System.arraycopy(level1, 1, uid, 0, 3);
        System.arraycopy(level2, 0, uid, 3, 4);
        return Optional.of(HexFormat.of().withUpperCase().formatHex(uid));
    }

    /** Four UID bytes and the BCC of one cascade level, or null on no answer or a bad BCC. */
    private byte[] anticollision(int level) {
        byte[] answer = transceive(new byte[] {(byte) level, 0x20}, 0);
        if (answer == null || answer.length != 5) {
            return null;
        }
        byte bcc = 0;
        for (int i = 0; i < 4; i++) {
            bcc ^= answer[i];
        }
        return bcc == answer[4] ? answer : null;
    }

    private boolean select(int level, byte[] uidAndBcc) {
        byte[] frame = new byte[9];
        frame[0] = (byte) level;
        frame[1] = 0x70;
        System.arraycopy(uidAndBcc, 0, frame, 2, 5);
        int crc = crcA(frame, 7);
        frame[7] = (byte) crc;
        frame[8] = (byte) (crc >> 8);
        byte[] sak = transceive(frame, 0);
        return sak != null && sak.length == 3 && crcA(sak, 1) == ((sak[1] & 0xff) | (sak[2] & 0xff) << 8);
    }

    /** Sends {@code data} (the last byte with {@code lastBits} bits, 0 = all 8) and returns the card's answer. */
    private byte[] transceive(byte[] data, int lastBits) {
        chip.write(COMMAND, CMD_IDLE);
        chip.write(COM_IRQ, 0x7F);
        chip.write(FIFO_LEVEL, 0x80);
        for (byte b : data) {
            chip.write(FIFO_DATA, b & 0xff);
        }
        chip.write(BIT_FRAMING, lastBits);
        chip.write(COMMAND, CMD_TRANSCEIVE);
        chip.write(BIT_FRAMING, 0x80 | lastBits);
        int irq = 0;
        for (int i = 0; i < MAX_POLLS; i++) {
            irq = chip.read(COM_IRQ);
            if ((irq & 0x30) != 0 || (irq & 0x01) != 0) {
                break;
            }
        }
        chip.write(BIT_FRAMING, lastBits);
        if ((irq & 0x30) == 0 || (chip.read(ERROR) & 0x13) != 0) {
            return null;
        }
        int length = chip.read(FIFO_LEVEL);
        byte[] answer = new byte[length];
        for (int i = 0; i < length; i++) {
            answer[i] = (byte) chip.read(FIFO_DATA);
        }
        return answer;
    }

    /** ISO/IEC 14443-3 CRC_A of the first {@code length} bytes, low byte first when sent. */
    static int crcA(byte[] data, int length) {
        int crc = 0x6363;
        for (byte b : Arrays.copyOf(data, length)) {
            int ch = (b & 0xff) ^ (crc & 0xff);
            ch = (ch ^ (ch << 4)) & 0xff;
            crc = ((crc >> 8) ^ (ch << 8) ^ (ch << 3) ^ (ch >> 4)) & 0xffff;
        }
        return crc;
    }
}

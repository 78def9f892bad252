package org.fablab.node.adapter.pi4j;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The PN532 command sequence for reading an ISO 14443-A card's UID over I2C: information frames
 * ({@code 00 00 FF LEN LCS D4 CMD data DCS 00}), the ACK, and the response, each read preceded by the
 * I2C status byte (bit 0 = ready). Commands: SAMConfiguration (normal mode), RFConfiguration (few passive
 * activation retries, so a poll without a card returns at once) and InListPassiveTarget (one target,
 * 106 kbps type A). Talks through {@link Transport}, so the protocol is independent of the bus. Not
 * thread-safe: one polling thread.
 */
public final class Pn532 {
    /** Raw I2C transfers to the chip. */
    public interface Transport {
        void write(byte[] bytes);

        /** Reads exactly {@code length} bytes (the first is the I2C status byte). */
        byte[] read(int length);
    }

    static final byte HOST_TO_PN532 = (byte) 0xD4;
    static final byte PN532_TO_HOST = (byte) 0xD5;
    static final int SAM_CONFIGURATION = 0x14;
    static final int RF_CONFIGURATION = 0x32;
    static final int IN_LIST_PASSIVE_TARGET = 0x4A;
    static final byte[] ACK = {0x00, 0x00, (byte) 0xFF, 0x00, (byte) 0xFF, 0x00};
    private static final int MAX_READY_POLLS = 100;
    private static final int MAX_RESPONSE = 64;

    private final Transport bus;

    public Pn532(Transport bus) {
        this.bus = bus;
    }

    /** SAMConfiguration normal mode, then at most 2 passive activation retries per poll. */
    public void init() {
        command(SAM_CONFIGURATION, 0x01, 0x14, 0x01);
        command(RF_CONFIGURATION, 0x05, 0xFF, 0x01, 0x02);
    }

    /** Looks for a card once: its UID in uppercase hex, or empty when none answers. */
    public Optional<String> readUid() {
        byte[] data = command(IN_LIST_PASSIVE_TARGET, 0x01, 0x00);
        // NbTg, Tg, SENS_RES (2), SEL_RES, NFCIDLength, NFCID
        if (data.length < 6 || data[0] == 0) {
            return Optional.empty();
        }
        int length = data[5] & 0xff;
        if (length == 0 || data.length < 6 + length) {
            return Optional.empty();
        }
        return Optional.of(HexFormat.of().withUpperCase().formatHex(data, 6, 6 + length));
    }

    /** Sends one command and returns its response data (after the response code). */
    byte[] command(int code, int... params) {
        bus.write(frame(code, params));
        awaitReady();
        byte[] ack = bus.read(ACK.length + 1);
        if (!Arrays.equals(Arrays.copyOfRange(ack, 1, ack.length), ACK)) {
            throw new IllegalStateException("PN532 did not acknowledge command 0x" + Integer.toHexString(code));
        }
        awaitReady();
        return response(bus.read(MAX_RESPONSE), code);
    }

    /** An information frame carrying {@code code} and {@code params}. */
    static byte[] frame(int code, int... params) {
        int length = 2 + params.length;
        byte[] frame = new byte[length + 7];
        frame[0] = 0x00;
        frame[1] = 0x00;
        frame[2] = (byte) 0xFF;
        frame[3] = (byte) length;
        frame[4] = (byte) -length;
        frame[5] = HOST_TO_PN532;
        frame[6] = (byte) code;
        int sum = (HOST_TO_PN532 & 0xff) + code;
        for (int i = 0; i < params.length; i++) {
            frame[7 + i] = (byte) params[i];
            sum += params[i];
        }
        frame[7 + params.length] = (byte) -sum;
        frame[8 + params.length] = 0x00;
        return frame;
    }

    private void awaitReady() {
        for (int i = 0; i < MAX_READY_POLLS; i++) {
            if ((bus.read(1)[0] & 0x01) != 0) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new IllegalStateException("PN532 not ready");
    }

    /** Checks a response frame (status byte first) to {@code code} and returns its data. */
    static byte[] response(byte[] raw, int code) {
        int p = 1;
        while (p + 2 < raw.length && !(raw[p] == 0x00 && raw[p + 1] == (byte) 0xFF)) {
            p++;
        }
        if (p + 4 >= raw.length) {
            throw new IllegalStateException("PN532 response has no start code");
        }
        int length = raw[p + 2] & 0xff;
        if (((length + (raw[p + 3] & 0xff)) & 0xff) != 0 || length < 2 || p + 5 + length > raw.length) {
            throw new IllegalStateException("PN532 response length invalid");
        }
        int body = p + 4;
        int sum = 0;
        for (int i = 0; i <= length; i++) {
            sum += raw[body + i] & 0xff;
        }
        if ((sum & 0xff) != 0) {
            throw new IllegalStateException("PN532 response checksum invalid");
        }
        if (raw[body] != PN532_TO_HOST || (raw[body + 1] & 0xff) != code + 1) {
            throw new IllegalStateException("PN532 answered another command");
        }
        return Arrays.copyOfRange(raw, body + 2, body + length);
    }
}

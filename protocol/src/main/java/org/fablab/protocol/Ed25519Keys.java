package org.fablab.protocol;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Ed25519 keys in their raw RFC 8032 form: a 32-byte public key and a 32-byte private seed, written
 * as standard base64. That is what config files and other implementations exchange; the JDK's DER
 * encodings are fixed prefixes around those 32 bytes.
 */
public final class Ed25519Keys {
    private static final byte[] X509_PREFIX = hex("302a300506032b6570032100");
    private static final byte[] PKCS8_PREFIX = hex("302e020100300506032b657004220420");
    private static final int RAW_LENGTH = 32;

    private Ed25519Keys() {
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every JDK since 15", e);
        }
    }

    /** @throws IllegalArgumentException when the text is not base64 of 32 bytes */
    public static PublicKey publicKey(String base64) {
        byte[] raw = decodeRaw("public key", base64);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(concat(X509_PREFIX, raw)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    /** @throws IllegalArgumentException when the text is not base64 of a 32-byte seed */
    public static PrivateKey privateKey(String base64) {
        byte[] raw = decodeRaw("private key", base64);
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_PREFIX, raw)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 private key", e);
        }
    }

    public static String encode(PublicKey key) {
        return Base64.getEncoder().encodeToString(raw(key));
    }

    /** The 32 raw bytes of an Ed25519 public key, as RFC 8032 defines them. */
    public static byte[] raw(PublicKey key) {
        return stripPrefix(key.getEncoded(), X509_PREFIX);
    }

    /**
     * What a person compares on the Pi's screen and on the dashboard to be sure they speak of the same key: the
     * first 16 bytes of SHA-256 over the raw public key, as eight groups of four hex digits joined by '-'.
     */
    public static String fingerprint(PublicKey key) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(raw(key));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            if (i > 0 && i % 2 == 0) {
                text.append('-');
            }
            text.append(String.format("%02x", digest[i] & 0xff));
        }
        return text.toString();
    }

    /** The public key of {@code key}, computed from its private seed as RFC 8032 defines it. */
    public static PublicKey publicKeyOf(PrivateKey key) {
        byte[] raw = new byte[RAW_LENGTH];
        org.bouncycastle.math.ec.rfc8032.Ed25519.generatePublicKey(raw(key), 0, raw, 0);
        return publicKey(Base64.getEncoder().encodeToString(raw));
    }

    public static String encode(PrivateKey key) {
        return Base64.getEncoder().encodeToString(raw(key));
    }

    /** The 32-byte private seed of an Ed25519 private key, as RFC 8032 defines it. */
    public static byte[] raw(PrivateKey key) {
        return stripPrefix(key.getEncoded(), PKCS8_PREFIX);
    }

    private static byte[] decodeRaw(String what, String base64) {
        if (base64 == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not base64", e);
        }
        if (raw.length != RAW_LENGTH) {
            throw new IllegalArgumentException(what + " must be 32 bytes, was " + raw.length);
        }
        return raw;
    }

    private static byte[] stripPrefix(byte[] der, byte[] prefix) {
        if (der.length != prefix.length + RAW_LENGTH || !Arrays.equals(der, 0, prefix.length, prefix, 0, prefix.length)) {
            throw new IllegalArgumentException("unexpected Ed25519 key encoding");
        }
        return Arrays.copyOfRange(der, prefix.length, der.length);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}

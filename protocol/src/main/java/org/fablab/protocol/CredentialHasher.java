package org.fablab.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a badge id into the {@link CredentialRef} that may leave the node:
 * {@code hex(HMAC-SHA256(labPepper, UTF-8(type + ":" + id)))} over the canonical id of {@link CredentialId},
 * so a node's read and a fabmanager's typed entry of the same badge hash alike. Thread-safe.
 */
public final class CredentialHasher {
    private static final String ALGORITHM = "HmacSHA256";
    private final SecretKeySpec pepper;

    /** @param labPepper the lab-wide secret, at least 16 bytes; the same on every node and the gateway */
    public CredentialHasher(byte[] labPepper) {
        if (labPepper == null || labPepper.length < 16) {
            throw new IllegalArgumentException("lab pepper must be at least 16 bytes");
        }
        this.pepper = new SecretKeySpec(labPepper.clone(), ALGORITHM);
    }

    /**
     * @param type the reader type, e.g. {@code mifare-uid}
     * @param id   the identifier as read or typed, normalised by {@link CredentialId#of}
     * @throws IllegalArgumentException when the type is unknown or the id does not fit it
     */
    public CredentialRef hash(String type, String id, boolean authenticated) {
        return hash(CredentialId.of(type, id), authenticated);
    }

    public CredentialRef hash(CredentialId credential, boolean authenticated) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(pepper);
            byte[] digest = mac.doFinal((credential.type() + ":" + credential.id()).getBytes(StandardCharsets.UTF_8));
            return new CredentialRef(credential.type(), HexFormat.of().formatHex(digest), authenticated);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}

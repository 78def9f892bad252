package org.fablab.gateway.domain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * One-time enrollment tokens: 160 random bits as unpadded base64url text (27 characters, safe in a URL, a shell
 * argument and a QR code), stored only as their SHA-256. A token has too much entropy to be guessed, so a plain
 * unsalted hash is enough to keep a database copy from being usable. Thread-safe.
 */
public final class EnrollmentTokens {
    static final int TOKEN_BYTES = 20;
    private static final int MAX_TOKEN_CHARS = 64;

    private final SecureRandom random;

    public EnrollmentTokens(SecureRandom random) {
        this.random = random;
    }

    public String next() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The stored form of {@code token}: SHA-256, hex. Whitespace around a pasted token is ignored. */
    public static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.strip().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Whether {@code text} could be a token at all; anything else is refused before a database look-up. */
    public static boolean plausible(String text) {
        return text != null && !text.isBlank() && text.strip().length() <= MAX_TOKEN_CHARS
                && text.strip().matches("[A-Za-z0-9_-]+");
    }
}

package org.fablab.protocol;

import java.util.regex.Pattern;

/**
 * A badge as it travels on the wire: its reader type and the hex HMAC-SHA256 of {@code type:id}
 * under the lab pepper (see {@link CredentialHasher}); the raw UID never leaves the node.
 *
 * @param type          reader technology, e.g. {@code mifare-uid}, {@code em4100}, {@code desfire-ev2}, {@code keyboard}
 * @param hash          64 lowercase hex characters
 * @param authenticated true when the reader proved the card holds a key (e.g. DESFire EV2), not just a UID
 */
public record CredentialRef(String type, String hash, boolean authenticated) {
    private static final Pattern TYPE = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    public CredentialRef {
        if (type == null || !TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("credential.type '" + type + "' must match " + TYPE.pattern());
        }
        requireHash("credential.hash", hash);
    }

    /**
     * {@code hash} when it has the form of a credential hash (64 lowercase hex characters), whatever pepper made it.
     *
     * @throws IllegalArgumentException naming {@code field} when it has not
     */
    public static String requireHash(String field, String hash) {
        if (hash == null || !HASH.matcher(hash).matches()) {
            throw new IllegalArgumentException(field + " must be 64 lowercase hex characters");
        }
        return hash;
    }
}

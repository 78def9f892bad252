package org.fablab.protocol;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A badge identifier in the canonical form of docs/protocol.md §5, the only form ever hashed: the same
 * physical badge gives the same {@code id} whether a node's reader saw it or a fabmanager typed it as
 * {@code 04:a1:b2:…}. {@link #of} strips surrounding white space, removes the separators {@code :}, {@code -}
 * and spaces from the hex types, upper-cases, and checks the length for the type; a {@code keyboard} code keeps
 * its characters, so a typed line with a space in it is not a badge. A value that is not canonical is refused
 * with an
 * {@link IllegalArgumentException} that names the type but never repeats the raw id, which is secret.
 *
 * @param type a known reader technology ({@link #TYPES})
 * @param id   the canonical identifier
 */
public record CredentialId(String type, String id) {
    /** The types this version of the contract knows, each with its canonical form. */
    public static final List<String> TYPES = Arrays.stream(Kind.values()).map(k -> k.wire).toList();

    private static final Pattern SEPARATORS = Pattern.compile("[:\\- ]");

    public CredentialId {
        Kind kind = Kind.of(type);
        if (id == null || !kind.canonical(id)) {
            throw new IllegalArgumentException("credential id is not in the canonical form of " + type
                    + ": " + kind.rule);
        }
    }

    /**
     * The canonical id of a raw read or a typed entry.
     *
     * @param type a known credential type, e.g. {@code mifare-uid}
     * @param raw  the id as read or typed; surrounding white space is ignored, and so are {@code :}, {@code -}
     *             and spaces between the digits of the hex types
     * @throws IllegalArgumentException when the type is unknown or the id does not fit it
     */
    public static CredentialId of(String type, String raw) {
        Kind kind = Kind.of(type);
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("credential id is missing");
        }
        String stripped = raw.strip();
        String id = (kind.hex ? SEPARATORS.matcher(stripped).replaceAll("") : stripped).toUpperCase(Locale.ROOT);
        if (!kind.canonical(id)) {
            throw new IllegalArgumentException("credential id does not fit " + type + ": " + kind.rule);
        }
        return new CredentialId(type, id);
    }

    /** A known type, or an error naming the known ones. */
    public static String requireType(String type) {
        return Kind.of(type).wire;
    }

    @Override
    public String toString() {
        return "CredentialId[type=" + type + ", id=<redacted>]";
    }

    private enum Kind {
        MIFARE_UID("mifare-uid", true, "[0-9A-F]{8}|[0-9A-F]{14}|[0-9A-F]{20}",
                "a UID of 4, 7 or 10 bytes, i.e. 8, 14 or 20 hex digits"),
        EM4100("em4100", true, "[0-9A-F]{10}", "5 bytes, i.e. 10 hex digits"),
        DESFIRE_EV2("desfire-ev2", true, "[0-9A-F]{14}", "a UID of 7 bytes, i.e. 14 hex digits"),
        KEYBOARD("keyboard", false, "[0-9A-Z]{4,64}", "4 to 64 letters A-Z or digits, nothing between them");

        private final String wire;
        private final boolean hex;
        private final Pattern form;
        private final String rule;

        Kind(String wire, boolean hex, String form, String rule) {
            this.wire = wire;
            this.hex = hex;
            this.form = Pattern.compile(form);
            this.rule = rule;
        }

        boolean canonical(String id) {
            return form.matcher(id).matches();
        }

        static Kind of(String type) {
            for (Kind kind : values()) {
                if (kind.wire.equals(type)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("credential type '" + type + "' is not one of "
                    + String.join(", ", Arrays.stream(values()).map(k -> k.wire).toList()));
        }
    }
}

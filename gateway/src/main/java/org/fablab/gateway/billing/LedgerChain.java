package org.fablab.gateway.billing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import org.fablab.protocol.Names;

/**
 * Chaining, verification and reversal of ledger entries. Pure; the store appends what {@link #append} returns inside
 * the transaction that read the previous head.
 *
 * <p>Canonical form (version 1): the fields below, in this order, each written as a netstring
 * {@code <length of the UTF-8 bytes in decimal ASCII>:<UTF-8 bytes>,}: the literal {@code fablab-ledger/1},
 * sequence, previous hash, date ({@code yyyy-MM-dd}), member id, kind ({@link LedgerKind#wire()}), amount in cents
 * (decimal, {@code -} for negatives), currency, cause, label, VAT basis points. The hash is the SHA-256 of those
 * bytes in lowercase hex.
 */
public final class LedgerChain {
    /** The previous hash of the first entry: 64 zeros. */
    public static final String GENESIS = "0".repeat(64);
    private static final String VERSION = "fablab-ledger/1";

    private LedgerChain() {
    }

    /**
     * The entry that follows {@code previous}.
     *
     * @param previous the current head, {@code null} for an empty ledger
     */
    public static LedgerEntry append(LedgerEntry previous, LedgerDraft draft) {
        long sequence = previous == null ? 1 : previous.sequence() + 1;
        String previousHash = previous == null ? GENESIS : previous.hash();
        return new LedgerEntry(sequence, draft.date(), draft.memberId(), draft.kind(), draft.amountCents(),
                draft.currency(), draft.cause(), draft.label(), draft.vatBasisPoints(), previousHash,
                hash(sequence, previousHash, draft));
    }

    /**
     * The credit note that cancels {@code entry}: a {@link LedgerKind#CORRECTION} of the opposite amount, same member,
     * currency and VAT rate, caused by {@link ChargeKey#reversal}{@code (entry.sequence())}.
     *
     * @param date   its accounting date (an open period, usually today)
     * @param reason why, kept in the label
     */
    public static LedgerDraft reverse(LedgerEntry entry, String reason, LocalDate date) {
        Names.requireText("reason", reason);
        return new LedgerDraft(date, entry.memberId(), LedgerKind.CORRECTION, -entry.amountCents(), entry.currency(),
                ChargeKey.reversal(entry.sequence()), "reversal of #" + entry.sequence() + " (" + entry.label()
                + "): " + reason, entry.vatBasisPoints());
    }

    /** {@link #verify(Iterator)} over a list. */
    public static ChainCheck verify(List<LedgerEntry> entries) {
        return verify(entries.iterator());
    }

    /**
     * Checks the chain from the first entry, in stored order, with constant memory, and names the first entry that
     * breaks it: a sequence that is not the previous one + 1 (deletion, insertion, reordering), a previous hash that
     * is not the previous entry's hash, or a hash that does not match the entry's content (any edited field).
     */
    public static ChainCheck verify(Iterator<LedgerEntry> entries) {
        long expected = 1;
        String previousHash = GENESIS;
        while (entries.hasNext()) {
            LedgerEntry e = entries.next();
            if (e.sequence() != expected) {
                return new ChainCheck.Broken(e.sequence(), "sequence " + e.sequence() + " found where " + expected
                        + " was expected");
            }
            if (!e.previousHash().equals(previousHash)) {
                return new ChainCheck.Broken(e.sequence(), "previous hash is not the hash of entry "
                        + (expected - 1));
            }
            if (!hash(e.sequence(), e.previousHash(), e.draft()).equals(e.hash())) {
                return new ChainCheck.Broken(e.sequence(), "hash does not match the entry's content");
            }
            previousHash = e.hash();
            expected++;
        }
        return new ChainCheck.Verified(expected - 1, previousHash);
    }

    /** The canonical bytes hashed for an entry; see the class comment. */
    public static byte[] canonical(long sequence, String previousHash, LedgerDraft d) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        for (String field : new String[] {VERSION, Long.toString(sequence), previousHash, d.date().toString(),
                d.memberId(), d.kind().wire(), Long.toString(d.amountCents()), d.currency(), d.cause(), d.label(),
                Integer.toString(d.vatBasisPoints())}) {
            byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
            out.writeBytes((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(bytes);
            out.write(',');
        }
        return out.toByteArray();
    }

    static String hash(long sequence, String previousHash, LedgerDraft draft) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(canonical(sequence, previousHash, draft)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    static void requireHash(String field, String value) {
        if (value == null || !isHash(value)) {
            throw new IllegalArgumentException(field + " must be 64 lowercase hex digits, was '" + value + "'");
        }
    }

    /** 64 lowercase hex digits; a loop rather than a regular expression: a verify checks two per entry. */
    private static boolean isHash(String value) {
        if (value.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = value.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }
}

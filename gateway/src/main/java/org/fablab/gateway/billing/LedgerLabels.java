package org.fablab.gateway.billing;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Derives the {@link LedgerLabel} of a ledger entry from its cause and its stored label. Pure.
 *
 * <p>The stored label was written in English by {@link Charge#toLedger}, {@link Pricing} and the manual entries; the
 * cause says which of those forms it has, and the numbers, dates and names are read back from it. A label that does
 * not have the expected form (an entry written before the form was fixed) becomes {@link LedgerLabel#TEXT}: shown as
 * stored, never guessed.
 */
public final class LedgerLabels {
    private static final Pattern SESSION_FEE = Pattern.compile("(.+) session fee: 1 × session");
    private static final Pattern SESSION_TIME =
            Pattern.compile("(.+) (wall|busy) time (\\d{4}-\\d{2}-\\d{2}): (\\d+) × (\\d+) min");
    private static final Pattern QUANTITY = Pattern.compile("(.*): (\\d+) × (\\S+)");
    private static final Pattern PLAN_FEE = Pattern.compile("plan (.+) (\\d{4}-\\d{2}): 1 × month");
    private static final Pattern VISIT = Pattern.compile("visit at (.+): (\\S+) (\\d{4}-\\d{2}-\\d{2}): 1 × visit");
    private static final Pattern REVERSAL = Pattern.compile("reversal of #(\\d+) \\(.*?\\): (.*)", Pattern.DOTALL);

    private LedgerLabels() {
    }

    /**
     * The label of {@code entry}.
     *
     * @param machineName the display name of the machine of the session that caused it, when it is a session
     *                    charge and the session is known; else the machine kind stands for it
     */
    public static LedgerLabel of(LedgerEntry entry, Optional<String> machineName) {
        LedgerCause cause = LedgerCause.of(entry.cause());
        String label = entry.label();
        Optional<LedgerLabel> derived = switch (cause.kind()) {
            case SESSION -> session(label, entry.date(), machineName);
            case CONSUMABLE -> match(QUANTITY, label).map(m -> label(LedgerLabel.CONSUMABLE,
                    "item", m.group(1), "quantity", Long.parseLong(m.group(2)), "unit", m.group(3)));
            case PLAN_FEE -> match(PLAN_FEE, label).map(m -> label(LedgerLabel.PLAN_FEE,
                    "plan", m.group(1), "month", m.group(2)));
            case PAYMENT -> Optional.of(label(LedgerLabel.PAYMENT, "reference", cause.detail()));
            case CREDIT -> Optional.of(label(LedgerLabel.CREDIT, "text", label));
            case COUPON -> cause.couponCode().map(code -> label(LedgerLabel.COUPON, "code", code));
            case REVERSAL -> match(REVERSAL, label).map(m -> label(LedgerLabel.REVERSAL,
                    "entry", Long.parseLong(m.group(1)), "reason", m.group(2)));
            case VISIT -> match(VISIT, label).map(m -> label(LedgerLabel.VISIT,
                    "partner", m.group(1), "machineKind", m.group(2), "date", m.group(3)));
            case OTHER -> Optional.empty();
        };
        return derived.orElseGet(() -> label(LedgerLabel.TEXT, "text", label));
    }

    private static Optional<LedgerLabel> session(String label, LocalDate entryDate, Optional<String> machineName) {
        Matcher fee = SESSION_FEE.matcher(label);
        if (fee.matches()) {
            return Optional.of(label(LedgerLabel.SESSION_FEE, "machine", machineName.orElse(fee.group(1)),
                    "machineKind", fee.group(1), "date", entryDate.toString()));
        }
        return match(SESSION_TIME, label).map(m -> label(m.group(2).equals("wall") ? LedgerLabel.SESSION_WALL
                        : LedgerLabel.SESSION_BUSY, "machine", machineName.orElse(m.group(1)), "machineKind", m.group(1),
                "date", m.group(3), "quantity", Long.parseLong(m.group(4)), "blockMinutes",
                Long.parseLong(m.group(5))));
    }

    private static Optional<Matcher> match(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.matches() ? Optional.of(m) : Optional.empty();
    }

    /** A label of {@code code} with the parameters given as name, value, name, value... */
    private static LedgerLabel label(String code, Object... namesAndValues) {
        Map<String, Object> params = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            params.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return new LedgerLabel(code, params);
    }
}

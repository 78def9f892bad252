package org.fablab.gateway.billing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fablab.protocol.Names;

/**
 * What a ledger entry is about, as a code and its parameters, so that each reader sees it in their language. Derived
 * at read time by {@link LedgerLabels}; the stored, hashed {@link LedgerEntry#label()} stays the audit-faithful text.
 *
 * @param code   one of the {@code CODE_*} constants
 * @param params values by name, in a stable order: text, whole numbers, ISO dates ({@code date}) or months
 *               ({@code month}), and unit codes ({@code unit}: {@code g}, {@code sheet}, {@code unit})
 */
public record LedgerLabel(String code, Map<String, Object> params) {
    /** A session's fixed fee: {@code machine}, {@code machineKind}, {@code date}. */
    public static final String SESSION_FEE = "sessionFee";
    /**
     * A session's machine time on one day: {@code machine}, {@code machineKind}, {@code date}, {@code quantity},
     * {@code blockMinutes}.
     */
    public static final String SESSION_WALL = "sessionWall";
    /** A session's busy (active) time on one day: the parameters of {@link #SESSION_WALL}. */
    public static final String SESSION_BUSY = "sessionBusy";
    /** A consumable used: {@code item}, {@code quantity}, {@code unit}. */
    public static final String CONSUMABLE = "consumable";
    /** A plan's monthly fee: {@code plan}, {@code month}. */
    public static final String PLAN_FEE = "planFee";
    /** Money received: {@code reference}. */
    public static final String PAYMENT = "payment";
    /** A goodwill credit: {@code text} as the treasurer typed it. */
    public static final String CREDIT = "credit";
    /** A coupon redeemed: {@code code}. */
    public static final String COUPON = "coupon";
    /** The reversal of an earlier entry: {@code entry} (its sequence), {@code reason}. */
    public static final String REVERSAL = "reversal";
    /** A visit of ours at a partner lab, as its receipt charged it: {@code partner}, {@code machineKind}, {@code date}. */
    public static final String VISIT = "visit";
    /**
     * In the settlement journal, what our members' visits at a partner cost in a month: {@code partner},
     * {@code month}, {@code currency}.
     */
    public static final String SETTLEMENT = "settlement";
    /** Any other entry: {@code text}, the stored label. */
    public static final String TEXT = "text";

    public LedgerLabel {
        Names.requireText("code", code);
        params = Collections.unmodifiableMap(new LinkedHashMap<>(Names.require("params", params)));
    }
}

package org.fablab.gateway.domain;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every action the gateway writes to the audit log, with the names of the parameters its entries carry. The
 * dashboard turns each into a sentence ({@code audit.action.<code>} in its catalogues, with the parameters as
 * placeholders); a test fails when a code here has no sentence in a language, or a sentence names a parameter the
 * action does not carry. Every entry also has {@code actor}, {@code member}, {@code machine} (their names),
 * {@code subject} and {@code reason}, so those are not listed.
 */
public enum AuditAction {
    LOGIN_FAILED("login.failed", "from"),
    ACCOUNT_CREATED("account.created", "role", "invitedBy"),
    ACCOUNT_PASSWORD_CHANGED("account.password-changed"),
    TOKEN_CREATED("token.created", "name"),
    MEMBER_CREATED("member.created", "name"),
    MEMBER_UPDATED("member.updated", "changed"),
    MEMBER_DEACTIVATED("member.deactivated", "changed"),
    MEMBER_PLAN_CHANGED("member.plan.changed", "plan"),
    BADGE_ENROLLED("badge.enrolled", "type", "node"),
    BADGE_STATUS_CHANGED("badge.status-changed", "status"),
    TRAINING_CREATED("training.created", "training"),
    TRAINING_UPDATED("training.updated", "training"),
    TRAINER_ADDED("trainer.added", "training"),
    TRAINER_REMOVED("trainer.removed", "training"),
    CERTIFICATION_GRANTED("certification.granted", "training", "node"),
    CERTIFICATION_REVOKED("certification.revoked"),
    MACHINE_CREATED("machine.created", "name", "kind"),
    MACHINE_UPDATED("machine.updated", "changed"),
    MACHINE_RETIRED("machine.retired"),
    MACHINE_AVAILABILITY_CHANGED("machine.availability-changed", "availability"),
    NODE_CREATED("node.created", "policy", "maxStaleness"),
    NODE_UPDATED("node.updated", "changed"),
    NODE_RETIRED("node.retired", "fingerprint"),
    NODE_MODE_CHANGED("node.mode-changed", "mode", "training"),
    NODE_COMMAND("node.command", "command", "state", "id"),
    NODE_ACTIVATED("node.activated", "fingerprint", "replaces"),
    NODE_KEY_ROTATED("node.key-rotated", "fingerprint", "replaces", "from"),
    NODE_KEY_ROTATION_CONFIRMED("node.key-rotation-confirmed", "from"),
    NODE_KEY_ROTATION_REFUSED("node.key-rotation-refused", "from"),
    ENROLLMENT_CREATED("enrollment.created", "expiresAt"),
    ENROLLMENT_REDEEMED("enrollment.redeemed", "fingerprint", "software", "from"),
    ENROLLMENT_REFUSED("enrollment.refused", "from"),
    CONSUMABLE_RECORDED("consumable.recorded", "quantity", "item", "session"),
    CONSUMABLE_CORRECTED("consumable.corrected", "before", "after", "record"),
    CONSUMABLE_SAVED("consumable.saved", "item", "label", "unit", "unitPriceCents", "active"),
    LEDGER_PAYMENT("ledger.payment", "amountCents", "currency", "reference"),
    LEDGER_CREDIT("ledger.credit", "amountCents", "currency", "label"),
    LEDGER_REVERSED("ledger.reversed", "entry"),
    COUPON_CREATED("coupon.created", "code", "amountCents", "currency", "maxRedemptions"),
    COUPON_REDEEMED("coupon.redeemed", "code"),
    PRICE_LIST_SAVED("price-list.saved", "machineKind", "wallMinutes", "wallCents", "busyMinutes", "busyCents",
            "sessionFeeCents", "minimumBillable", "dailyCapCents", "vatBasisPoints"),
    NETWORK_PRICE_LIST_SAVED("network-price-list.saved", "machineKind", "wallMinutes", "wallCents", "busyMinutes",
            "busyCents", "sessionFeeCents", "minimumBillable", "dailyCapCents", "vatBasisPoints"),
    NETWORK_PRICE_LIST_REMOVED("network-price-list.removed", "machineKind"),
    PLAN_SAVED("plan.saved", "name", "monthlyFeeCents", "includedMinutes", "active"),
    GROUP_SAVED("group.saved", "group", "discountBasisPoints"),
    FREE_WINDOWS_SAVED("free-windows.saved", "windows"),
    BILLING_SETTINGS_CHANGED("billing.settings.changed", "minimumBalanceCents"),
    BILLING_EXPORTED("billing.exported", "file", "from", "to", "layout", "rows", "ledgerHead", "ledgerHash"),
    BILLING_PARKED_RETRY("billing.parked.retry", "cause"),
    PERIOD_CLOSED("period.closed", "month"),
    STATEMENTS_ISSUED("statements.issued", "month", "statements", "ledgerHead", "ledgerHash"),
    ACCOUNT_INVITED("account.invited", "role", "expiresAt"),
    ACCOUNT_CHANGED("account.changed", "changed", "previousRole", "role"),
    ACCOUNT_DEACTIVATED("account.deactivated", "changed", "previousRole", "role"),
    ACCOUNT_REACTIVATED("account.reactivated", "changed", "previousRole", "role"),
    ACCOUNT_RESET_REQUESTED("account.reset-requested", "expiresAt"),
    ACCOUNT_PASSWORD_RESET("account.password-reset", "requestedBy"),
    ACCOUNT_MAIL_FAILED("account.mail-failed", "mail"),
    USAGE_TAGGED("usage.tagged", "tag"),
    PARTNER_ADDED("partner.added", "name", "fingerprint", "visitors", "freeMinutesPerMonth", "visitPricing"),
    PARTNER_CHANGED("partner.changed", "visitors", "freeMinutesPerMonth", "visitPricing"),
    PARTNER_REMOVED("partner.removed", "fingerprint"),
    EQUIVALENCES_SET("partner.equivalences-set", "equivalences"),
    SETTLEMENT_EXPORTED("settlement.exported", "file", "month", "layout", "rows", "hash");

    private static final Map<String, AuditAction> BY_CODE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(AuditAction::code, Function.identity()));

    private final String code;
    private final List<String> params;

    AuditAction(String code, String... params) {
        this.code = code;
        this.params = List.of(params);
    }

    /** As stored in {@code audit_log.action} and named in the dashboard's {@code audit.action.<code>} keys. */
    public String code() {
        return code;
    }

    /** The parameter names an entry of this action may carry, beside the ones every entry has. */
    public List<String> params() {
        return params;
    }

    /** The action written as {@code code}; empty for a code no longer written (old rows keep theirs). */
    public static Optional<AuditAction> ofCode(String code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }
}

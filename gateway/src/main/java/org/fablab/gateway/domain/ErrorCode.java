package org.fablab.gateway.domain;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Every reason the gateway gives for refusing a request, as a stable wire name with named parameters. The REST
 * API sends the name as a problem's {@code code} and the parameters as its {@code params}; the dashboard shows
 * {@code problem.<code>} from its catalogues with the parameters as placeholders, so a person reads the reason in
 * their language. The English template here is the problem's {@code detail} (for logs, the CLI and API users) and
 * names the parameters: a test fails when a catalogue's sentence names other ones.
 *
 * <p>The vocabulary lives in {@code domain} because services and stores throw coded failures
 * ({@code port.Conflict}, {@code port.NotFound}, {@code service.NotAllowed}, {@link BadArgument}) without knowing
 * HTTP. A {@code field} parameter is an input's name, which the dashboard translates too.
 */
public enum ErrorCode {
    // Generic reasons, one per status, for a failure nobody coded (its detail says more, in English).
    REQUEST_INVALID("request.invalid", "the request is not valid"),
    REQUEST_UNAUTHORIZED("request.unauthorized", "log in first"),
    REQUEST_FORBIDDEN("request.forbidden", "your role does not allow this"),
    REQUEST_CONFLICT("request.conflict", "this conflicts with the current state"),
    REQUEST_TOO_LARGE("request.too-large", "the body is larger than {bytes} bytes"),
    SERVER_ERROR("server.error", "the gateway failed; the error is in its log"),

    // The request's shape.
    BODY_REQUIRED("body.required", "the request needs a JSON object body"),
    BODY_NOT_JSON("body.not-json", "the body is not valid JSON"),
    BODY_NOT_OBJECT("body.not-object", "the body must be a JSON object"),
    NOTHING_TO_CHANGE("body.nothing-to-change", "nothing to change: give {fields}"),
    FIELD_UNKNOWN("field.unknown", "unknown field '{field}'; accepted: {accepted}"),

    // One input's value.
    FIELD_REQUIRED("field.required", "{field} is required"),
    FIELD_REQUIRED_FOR("field.required-for", "{field} is required for {value}"),
    FIELD_NOT_ALLOWED_FOR("field.not-allowed-for", "{field} is not accepted with {value}"),
    FIELD_READ_ONLY("field.read-only", "{field} cannot change"),
    FIELD_INVALID("field.invalid", "{field} has a value that is not accepted"),
    FIELD_TOO_LONG("field.too-long", "{field} must be at most {max} characters"),
    FIELD_TOO_SHORT("field.too-short", "{field} must have at least {min} characters"),
    FIELD_OUT_OF_RANGE("field.out-of-range", "{field} must be a whole number from {min} to {max}"),
    FIELD_FORMAT("field.format", "{field} must look like {example}"),
    FIELD_ID_FORMAT("field.id-format", "{field} must be lower-case letters, digits and dashes, such as {example}"),
    USERNAME_FORMAT("username.format",
            "{field} must be 2 to 64 lower-case letters, digits, '.', '-' or '_', starting with a letter or digit"),
    FIELD_CODE_FORMAT("field.code-format", "{field} must be {min} to {max} letters, digits or dashes"),
    FIELD_CHARACTER("field.character", "{field} must be one character, or tab"),
    FIELD_ONE_OF("field.one-of", "{field} must be one of {values}"),
    FIELD_NOT_TEXT("field.not-text", "{field} must be text"),
    FIELD_NOT_LIST("field.not-list", "{field} must be a list"),
    FIELD_NOT_OBJECT("field.not-object", "{field} must be an object"),
    FIELD_EMPTY_ITEM("field.empty-item", "{field} must not hold empty text"),
    FIELD_BEFORE("field.before", "{field} must not be before {other}"),
    DURATION_OUT_OF_RANGE("duration.out-of-range", "{field} must be more than 0 and at most {days} days"),
    PERIOD_TOO_LONG("period.too-long", "a report covers at most {years} years: it may end on {latest} at the latest"),

    // Signing in and passwords.
    LOGIN_WRONG("login.wrong", "wrong username or password"),
    LOGIN_TOO_MANY("login.too-many", "too many failed logins; try again in {seconds} s"),
    TOKEN_UNKNOWN("token.unknown", "the bearer token is unknown"),
    CSRF_MISSING("csrf.missing", "missing or wrong CSRF token"),
    PASSWORD_CURRENT_WRONG("password.current-wrong", "the current password is wrong"),
    LINK_REFUSED("link.refused", "this link is unknown, expired or already used: ask for a new one"),
    RESET_TOO_MANY("reset.too-many", "too many reset requests; try again in {seconds} s"),
    ENROLLMENT_REFUSED("enrollment.refused", "the enrollment token or signature is refused"),
    ENROLLMENT_TOO_MANY("enrollment.too-many",
            "too many refused enrollments or key rotations from this address; try again in {seconds} s"),

    // Roles and ownership.
    FORBIDDEN_ROLE("forbidden.role", "the role {role} may not do this"),
    FORBIDDEN_OTHERS("forbidden.others", "you may only see or change your own records"),
    FORBIDDEN_BOARD("forbidden.board", "a board account reads the impact report only"),
    FORBIDDEN_LAST_ADMIN("forbidden.last-admin",
            "this would leave the lab without an active admin: make another account admin first"),
    FORBIDDEN_SELF_CERTIFY("forbidden.self-certify", "a trainer cannot certify themselves"),
    FORBIDDEN_NOT_TRAINER("forbidden.not-trainer", "you are not a trainer for {training}"),
    FORBIDDEN_ENROLL("forbidden.enroll", "only fabmanagers enroll badges"),

    // Records that do not exist.
    ROUTE_NOT_FOUND("route.not-found", "no resource at {path}"),
    MEMBER_NOT_FOUND("member.not-found", "no member {member}"),
    ACCOUNT_NOT_FOUND("account.not-found", "no account {username}"),
    MACHINE_NOT_FOUND("machine.not-found", "no machine {machine}"),
    NODE_NOT_FOUND("node.not-found", "no node {node}"),
    SESSION_NOT_FOUND("session.not-found", "no session {session} on node {node}"),
    SESSION_NOT_MEMBERS("session.not-members", "no session {session} of member {member}"),
    TRAINING_NOT_FOUND("training.not-found", "no training {training}"),
    TRAINER_NOT_FOUND("trainer.not-found", "member {member} is not a trainer for {training}"),
    CERTIFICATION_NOT_FOUND("certification.not-found", "no certification {certification}"),
    BADGE_NOT_FOUND("badge.not-found", "member {member} has no badge {badge}"),
    CONSUMABLE_NOT_FOUND("consumable.not-found", "no consumable {item} in the catalogue"),
    CONSUMABLE_RECORD_NOT_FOUND("consumable-record.not-found", "no consumable record {record}"),
    PLAN_NOT_FOUND("plan.not-found", "no plan {plan}"),
    MEMBER_WITHOUT_PLAN("member.without-plan", "member {member} has no plan"),
    COUPON_NOT_FOUND("coupon.not-found", "no coupon {coupon}"),
    LEDGER_ENTRY_NOT_FOUND("ledger-entry.not-found", "no ledger entry {sequence}"),
    STATEMENT_NOT_FOUND("statement.not-found", "no statement {number}"),
    PARKED_NOT_FOUND("parked.not-found", "no parked cause {cause}"),
    PARTNER_NOT_FOUND("partner.not-found", "no partner lab {partner}"),
    NETWORK_PRICE_LIST_NOT_FOUND("network-price-list.not-found", "no network price list for {machineKind}"),

    // Conflicts with the current state.
    CHANGED_MEANWHILE("change.concurrent", "this changed meanwhile; try again"),
    USERNAME_TAKEN("account.username-taken", "the username {username} is taken"),
    EMAIL_TAKEN("account.email-taken", "the username or e-mail address is taken"),
    ACCOUNT_DEACTIVATED("account.deactivated", "the account {username} is deactivated: reactivate it first"),
    TRAINING_EXISTS("training.exists", "a training with id {training} already exists"),
    TRAINER_EXISTS("trainer.exists", "already a trainer"),
    BADGE_ENROLLED("badge.enrolled", "this badge is already enrolled"),
    BADGE_ENROLLED_FOR("badge.enrolled-for", "this badge is already enrolled for {name} (member no. {number})"),
    MACHINE_EXISTS("machine.exists", "machine {machine} exists already"),
    MACHINE_HAS_NODES("machine.has-nodes", "machine {machine} still has node {nodes}; retire or move them first"),
    NODE_EXISTS("node.exists", "node {node} exists already"),
    PARTNER_EXISTS("partner.exists", "partner lab {partner} exists already"),
    RECEIPT_STATE("receipt.state", "receipt {receipt} of partner lab {partner} changed meanwhile"),
    NODE_RETIRED("node.retired", "node {node} is retired; a retired node id is never reused"),
    NODE_KEY_REUSED("node.key-reused", "node {node} held this key before; a node needs a new key"),
    COUPON_EXISTS("coupon.exists", "coupon {coupon} exists"),
    COUPON_EXPIRED("coupon.expired", "coupon {coupon} expired on {date}"),
    COUPON_USED_UP("coupon.used-up", "coupon {coupon} is used up"),
    COUPON_ALREADY_REDEEMED("coupon.already-redeemed", "coupon {coupon} was already used by this member"),
    CHARGE_REFUSED("charge.refused", "charge {charge} refused"),
    CONSUMABLE_RECORD_EXISTS("consumable-record.exists", "consumable record {record} exists"),
    CONSUMABLE_RECORD_UNASSIGNED("consumable-record.unassigned", "record {record} has no member yet"),
    CONSUMABLE_RECORD_CORRECTED("consumable-record.corrected", "record {record} was already corrected"),
    LEDGER_ALREADY_REVERSED("ledger.already-reversed", "entry #{sequence} is already reversed"),
    LEDGER_DUPLICATE("ledger.duplicate", "{cause} is already in the ledger"),
    PARKED_STATE("parked.state", "cause {cause} is not in the state this needs"),
    PERIOD_NOT_OVER("period.not-over", "{month} is not over yet"),
    PERIOD_CLOSED("period.closed", "period {month} is closed"),
    PERIOD_NOT_CLOSED("period.not-closed", "close {month} before issuing its statements"),
    STATEMENTS_ISSUED("period.statements-issued", "the statements of {month} are issued already");

    private static final Map<String, ErrorCode> BY_WIRE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(ErrorCode::wire, Function.identity()));

    private final String wire;
    private final String english;
    private final List<String> params;

    ErrorCode(String wire, String english) {
        this.wire = wire;
        this.english = english;
        this.params = Placeholder.PATTERN.matcher(english).results().map(m -> m.group(1)).distinct().toList();
    }

    /** Holds the pattern apart: an enum's constructors may not read its own static fields. */
    private static final class Placeholder {
        static final Pattern PATTERN = Pattern.compile("\\{(\\w+)}");
    }

    /** The name on the wire, such as {@code coupon.expired}. */
    public String wire() {
        return wire;
    }

    /** The parameter names, in the order {@link #with} takes their values. */
    public List<String> params() {
        return params;
    }

    /** The English sentence with {@code {name}} placeholders. */
    public String english() {
        return english;
    }

    public static Optional<ErrorCode> fromWire(String wire) {
        return Optional.ofNullable(BY_WIRE.get(wire));
    }

    /**
     * This code with its parameter values, in the order of {@link #params()}.
     *
     * @throws IllegalArgumentException when the number of values is not the number of parameters
     */
    public CodedMessage with(Object... values) {
        if (values.length != params.size()) {
            throw new IllegalArgumentException(wire + " takes " + params + ", was given " + values.length
                    + " values");
        }
        Map<String, Object> named = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            named.put(params.get(i), values[i] instanceof Number number ? number : String.valueOf(values[i]));
        }
        return new CodedMessage(this, named);
    }

    /** The English sentence with these values in place. */
    String render(Map<String, Object> values) {
        Matcher m = Placeholder.PATTERN.matcher(english);
        return m.replaceAll(found -> Matcher.quoteReplacement(String.valueOf(values.get(found.group(1)))));
    }
}

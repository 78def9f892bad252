package org.fablab.gateway.adapter.http;

import org.fablab.gateway.domain.BadArgument;
import org.fablab.gateway.domain.CodedMessage;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.protocol.WireNames;

/**
 * An RFC 9457 problem: thrown by handlers, turned into {@code application/problem+json} by the
 * router's failure handler. {@code reason} is the stable code with its parameters a reader sees translated;
 * {@code detail} the English sentence for logs and API users; {@code field} names the offending input when there
 * is one.
 */
public final class Problem extends RuntimeException {
    private final int status;
    private final String title;
    private final String field;
    private final transient CodedMessage reason;

    /** A problem whose English detail says more than its code (a failure nobody coded). */
    Problem(int status, String title, String detail, String field, CodedMessage reason) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.field = field;
        this.reason = reason;
    }

    public Problem(int status, String title, String field, CodedMessage reason) {
        this(status, title, reason.english(), field, reason);
    }

    /** A 400 on {@code field}; the code's {@code field} parameter, when it has one, is filled with it. */
    public static Problem badRequest(String field, ErrorCode code, Object... values) {
        return badRequest(field, code.with(BadArgument.withField(field, code, values)));
    }

    public static Problem badRequest(String field, CodedMessage reason) {
        return new Problem(400, "Bad Request", field, reason);
    }

    /**
     * A 400 on {@code field} for a value its parser refused: a {@link BadArgument} keeps its code, any other refusal
     * is {@link ErrorCode#FIELD_INVALID}, or {@link ErrorCode#FIELD_ONE_OF} for a wrong enum name, with the
     * parser's English message as detail.
     */
    public static Problem invalid(String field, IllegalArgumentException refusal) {
        if (refusal instanceof BadArgument bad) {
            return badRequest(field, bad.reason());
        }
        if (refusal instanceof WireNames.NotOneOf notOneOf) {
            return new Problem(400, "Bad Request", refusal.getMessage(), field,
                    ErrorCode.FIELD_ONE_OF.with(field, notOneOf.accepted()));
        }
        return new Problem(400, "Bad Request", refusal.getMessage(), field, ErrorCode.FIELD_INVALID.with(field));
    }

    static Problem unauthorized(ErrorCode code, Object... values) {
        return new Problem(401, "Unauthorized", null, code.with(values));
    }

    static Problem forbidden(ErrorCode code, Object... values) {
        return new Problem(403, "Forbidden", null, code.with(values));
    }

    static Problem tooManyRequests(ErrorCode code, long seconds) {
        return new Problem(429, "Too Many Requests", null, code.with(seconds));
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String field() {
        return field;
    }

    public CodedMessage reason() {
        return reason;
    }
}

package org.fablab.gateway.domain;

/**
 * An input a caller gave is wrong: names the input ({@code field}) and says why with a {@link CodedMessage}. The
 * HTTP adapter answers 400 with the field; the CLI prints the English message. When the code has a
 * {@code field} parameter, it is the named field, so callers give only the other values.
 */
public final class BadArgument extends IllegalArgumentException implements CodedFailure {
    private final String field;
    private final transient CodedMessage reason;

    public BadArgument(String field, ErrorCode code, Object... values) {
        this(field, code.with(withField(field, code, values)));
    }

    public BadArgument(String field, CodedMessage reason) {
        this(field, reason, reason.english());
    }

    /** With an English {@code detail} that says more than the code's sentence (a refusal passed on from a parser). */
    public BadArgument(String field, CodedMessage reason, String detail) {
        super(detail);
        this.field = field;
        this.reason = reason;
    }

    /** The input at fault, such as {@code to} or {@code encoding}. */
    public String field() {
        return field;
    }

    @Override
    public CodedMessage reason() {
        return reason;
    }

    /** The values with {@code field} first when the code's first parameter is the field's name. */
    public static Object[] withField(String field, ErrorCode code, Object... values) {
        if (code.params().isEmpty() || !code.params().get(0).equals("field")) {
            return values;
        }
        Object[] all = new Object[values.length + 1];
        all[0] = field;
        System.arraycopy(values, 0, all, 1, values.length);
        return all;
    }
}

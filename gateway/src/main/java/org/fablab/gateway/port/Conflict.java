package org.fablab.gateway.port;

import org.fablab.gateway.domain.CodedFailure;
import org.fablab.gateway.domain.CodedMessage;
import org.fablab.gateway.domain.ErrorCode;

/** A write would duplicate something unique or clash with the current state; the reason says what (HTTP 409). */
public final class Conflict extends RuntimeException implements CodedFailure {
    private final transient CodedMessage reason;

    public Conflict(CodedMessage reason) {
        super(reason.english(), null, false, false);
        this.reason = reason;
    }

    public Conflict(ErrorCode code, Object... values) {
        this(code.with(values));
    }

    @Override
    public CodedMessage reason() {
        return reason;
    }
}

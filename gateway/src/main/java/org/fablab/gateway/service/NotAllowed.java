package org.fablab.gateway.service;

import org.fablab.gateway.domain.CodedFailure;
import org.fablab.gateway.domain.CodedMessage;
import org.fablab.gateway.domain.ErrorCode;

/** The caller's role or rights do not allow this change; the reason says why (HTTP 403). */
public final class NotAllowed extends RuntimeException implements CodedFailure {
    private final transient CodedMessage reason;

    public NotAllowed(CodedMessage reason) {
        super(reason.english(), null, false, false);
        this.reason = reason;
    }

    public NotAllowed(ErrorCode code, Object... values) {
        this(code.with(values));
    }

    @Override
    public CodedMessage reason() {
        return reason;
    }
}

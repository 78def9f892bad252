package org.fablab.gateway.service;

import org.fablab.gateway.domain.CodedMessage;
import org.fablab.gateway.domain.CodedRefusal;
import org.fablab.gateway.domain.ErrorCode;

/** The caller's role or rights do not allow this change; the reason says why (HTTP 403). */
public final class NotAllowed extends CodedRefusal {
    public NotAllowed(CodedMessage reason) {
        super(reason);
    }

    public NotAllowed(ErrorCode code, Object... values) {
        this(code.with(values));
    }
}

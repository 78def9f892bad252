package org.fablab.gateway.port;

import org.fablab.gateway.domain.CodedMessage;
import org.fablab.gateway.domain.CodedRefusal;
import org.fablab.gateway.domain.ErrorCode;

/** A write would duplicate something unique or clash with the current state; the reason says what (HTTP 409). */
public final class Conflict extends CodedRefusal {
    public Conflict(CodedMessage reason) {
        super(reason);
    }

    public Conflict(ErrorCode code, Object... values) {
        this(code.with(values));
    }
}

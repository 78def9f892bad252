package org.fablab.gateway.port;

import org.fablab.gateway.domain.CodedFailure;
import org.fablab.gateway.domain.CodedMessage;
import org.fablab.gateway.domain.ErrorCode;

/** A write or a read named a record that does not exist; the reason names it (HTTP 404). */
public final class NotFound extends RuntimeException implements CodedFailure {
    private final transient CodedMessage reason;

    public NotFound(CodedMessage reason) {
        super(reason.english(), null, false, false);
        this.reason = reason;
    }

    public NotFound(ErrorCode code, Object... values) {
        this(code.with(values));
    }

    @Override
    public CodedMessage reason() {
        return reason;
    }
}

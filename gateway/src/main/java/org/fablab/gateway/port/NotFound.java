package org.fablab.gateway.port;

import org.fablab.gateway.domain.CodedMessage;
import org.fablab.gateway.domain.CodedRefusal;
import org.fablab.gateway.domain.ErrorCode;

/** A write or a read named a record that does not exist; the reason names it (HTTP 404). */
public final class NotFound extends CodedRefusal {
    public NotFound(CodedMessage reason) {
        super(reason);
    }

    public NotFound(ErrorCode code, Object... values) {
        this(code.with(values));
    }
}

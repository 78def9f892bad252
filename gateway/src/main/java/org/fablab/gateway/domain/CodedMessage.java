package org.fablab.gateway.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A reason for refusing a request: its {@link ErrorCode} and the values of the code's parameters, numbers or
 * text. Built by {@link ErrorCode#with}, which checks that every parameter has a value.
 */
public record CodedMessage(ErrorCode code, Map<String, Object> params) {
    public CodedMessage {
        Objects.requireNonNull(code, "code");
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        if (!params.keySet().equals(Set.copyOf(code.params()))) {
            throw new IllegalArgumentException(code.wire() + " takes " + code.params() + ", was given "
                    + params.keySet());
        }
    }

    /** The English sentence, for logs, the CLI and a problem's {@code detail}. */
    public String english() {
        return code.render(params);
    }
}

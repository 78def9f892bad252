package org.fablab.gateway.domain;

/**
 * The common part of the refusals the HTTP adapter maps by type to a status (not found, conflict, not allowed): the
 * reason as a {@link CodedMessage}, its English sentence as the message, and no stack trace, since a refusal is an
 * answer, not a fault.
 */
public abstract class CodedRefusal extends RuntimeException implements CodedFailure {
    private final transient CodedMessage reason;

    protected CodedRefusal(CodedMessage reason) {
        super(reason.english(), null, false, false);
        this.reason = reason;
    }

    @Override
    public final CodedMessage reason() {
        return reason;
    }
}

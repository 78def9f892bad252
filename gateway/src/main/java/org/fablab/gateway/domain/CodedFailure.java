package org.fablab.gateway.domain;

/**
 * A refusal that carries its reason as a {@link CodedMessage}, so the HTTP adapter can send the code and its
 * parameters and a reader sees the reason in their language. The exception's message is the English sentence.
 */
public interface CodedFailure {
    CodedMessage reason();
}

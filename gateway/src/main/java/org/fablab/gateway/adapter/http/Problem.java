package org.fablab.gateway.adapter.http;

/**
 * An RFC 9457 problem: thrown by handlers, turned into {@code application/problem+json} by the
 * router's failure handler. {@code field} names the offending input when there is one.
 */
public final class Problem extends RuntimeException {
    private final int status;
    private final String title;
    private final String field;

    public Problem(int status, String title, String detail, String field) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.field = field;
    }

    public static Problem badRequest(String field, String detail) {
        return new Problem(400, "Bad Request", detail, field);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String field() {
        return field;
    }
}

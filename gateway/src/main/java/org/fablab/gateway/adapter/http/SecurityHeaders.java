package org.fablab.gateway.adapter.http;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * Headers every response carries, API, dashboard file or error alike. The dashboard loads only its own
 * files, with no inline script, style or event handler, so the policy allows nothing else; no page may
 * frame it (clickjacking), the browser must not guess content types, and no URL leaks in a Referer.
 */
final class SecurityHeaders {
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; manifest-src 'self'; form-action 'self'; base-uri 'none'; "
            + "frame-ancestors 'none'";
    static final Map<String, String> HEADERS = Map.of(
            "Content-Security-Policy", CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "Referrer-Policy", "no-referrer");

    private SecurityHeaders() {
    }

    /** The first handler of the router: adds the headers just before they are sent, whatever answers. */
    static void add(RoutingContext ctx) {
        ctx.addHeadersEndHandler(v -> {
            MultiMap headers = ctx.response().headers();
            HEADERS.forEach(headers::set);
        });
        ctx.next();
    }
}

package org.fablab.gateway.adapter.http;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.port.AccountStore;
import org.fablab.gateway.service.AuthService;

/**
 * Finds the caller of each API request: a browser session cookie (whose writes must carry the session's
 * CSRF token in {@code X-CSRF-Token}) or an {@code Authorization: Bearer} token (no CSRF: a script
 * holds it, a browser never sends it on its own).
 */
final class Authenticator {
    static final String COOKIE = "fablab_session";
    static final String CSRF_HEADER = "X-CSRF-Token";
    static final String CSRF_TOKEN = "fablab.csrf";
    /**
     * A {@link Callable} that looks the request's credential up again and gives its caller, empty once the session
     * has ended (logout, expiry, password change, deactivation) or the token is gone; the role it gives is the
     * account's current one. It reads the store: call it on a worker. Set for every request that came with a
     * credential, so a long-lived response (the live stream) can tell when its caller's rights have changed.
     */
    static final String LOOKUP_AGAIN = "fablab.lookup-again";
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final AuthService auth;

    Authenticator(AuthService auth) {
        this.auth = auth;
    }

    /** Identifies the caller if there is one; lets anonymous requests through to routes that allow them. */
    void identify(RoutingContext ctx) {
        Optional<String> bearer = Optional.ofNullable(ctx.request().getHeader("Authorization"))
                .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7)).map(h -> h.substring(7).strip());
        Cookie cookie = ctx.request().getCookie(COOKIE);
        if (bearer.isPresent()) {
            Callable<Optional<Principal>> lookup = () -> auth.bearer(bearer.get());
            ctx.put(LOOKUP_AGAIN, lookup);
            Web.blocking(ctx, lookup).onSuccess(principal -> {
                if (principal.isEmpty()) {
                    ctx.fail(Problem.unauthorized(ErrorCode.TOKEN_UNKNOWN));
                    return;
                }
                ctx.put(Web.PRINCIPAL, principal.get());
                ctx.next();
            });
        } else if (cookie != null) {
            Callable<Optional<Principal>> lookup = () -> auth.session(cookie.getValue())
                    .map(AccountStore.BrowserSession::principal);
            ctx.put(LOOKUP_AGAIN, lookup);
            Web.blocking(ctx, () -> auth.session(cookie.getValue())).onSuccess(session -> {
                if (session.isPresent()) {
                    if (!SAFE.contains(ctx.request().method())
                            && !sameToken(session.get().csrfToken(), ctx.request().getHeader(CSRF_HEADER))) {
                        ctx.fail(Problem.forbidden(ErrorCode.CSRF_MISSING));
                        return;
                    }
                    ctx.put(Web.PRINCIPAL, session.get().principal());
                    ctx.put(CSRF_TOKEN, session.get().csrfToken());
                }
                ctx.next();
            });
        } else {
            ctx.next();
        }
    }

    /** For routes that need a caller: 401 when there is none. */
    static void requireLogin(RoutingContext ctx) {
        Principal principal = ctx.get(Web.PRINCIPAL);
        if (principal == null) {
            ctx.fail(Problem.unauthorized(ErrorCode.REQUEST_UNAUTHORIZED));
            return;
        }
        ctx.next();
    }

    static Cookie sessionCookie(String secret, boolean secure) {
        return Cookie.cookie(COOKIE, secret).setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.STRICT)
                .setSecure(secure).setMaxAge(AuthService.SESSION_LIFETIME.toSeconds());
    }

    static Cookie expiredCookie(boolean secure) {
        return Cookie.cookie(COOKIE, "").setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.STRICT)
                .setSecure(secure).setMaxAge(0);
    }

    private static boolean sameToken(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }
}

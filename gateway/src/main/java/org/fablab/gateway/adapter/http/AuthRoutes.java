package org.fablab.gateway.adapter.http;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.gateway.domain.auth.Account;
import org.fablab.gateway.domain.auth.Permission;
import org.fablab.gateway.domain.auth.Permissions;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.gateway.service.AuthService;

/**
 * {@code /login}, {@code /logout}, {@code /me} (the account, its CSRF token and the names of its role's
 * {@link Permissions}, by which the dashboard offers its pages and actions), password change and API tokens.
 * Whatever hashes a password runs on its own small pool, so a burst of logins waits for itself instead of taking
 * every worker of the API.
 */
final class AuthRoutes {
    private final AuthService auth;
    private final WorkerExecutor hashing;

    AuthRoutes(AuthService auth, WorkerExecutor hashing) {
        this.auth = auth;
        this.hashing = hashing;
    }

    /** Login comes before the authenticator: a stale cookie must not stand in the way of logging in again. */
    void mountLogin(Router router) {
        router.post("/api/v1/login").handler(this::login);
    }

    void mount(Router router) {
        router.post("/api/v1/logout").handler(this::logout);
        router.get("/api/v1/me").handler(Authenticator::requireLogin).handler(this::me);
        router.post("/api/v1/me/password").handler(Authenticator::requireLogin).handler(this::changePassword);
        router.post("/api/v1/tokens").handler(Authenticator::requireLogin).handler(this::createToken);
        router.get("/api/v1/accounts").handler(Authenticator::requireLogin).handler(this::accounts);
        router.post("/api/v1/accounts").handler(Authenticator::requireLogin).handler(this::createAccount);
    }

    private void login(RoutingContext ctx) {
        Body body = Body.of(ctx, Set.of("username", "password"));
        String username = body.requiredText("username").toLowerCase(Locale.ROOT);
        String password = body.secret("password");
        String address = Web.client(ctx);
        hashed(ctx, () -> auth.login(username, password, address)).onSuccess(result -> {
            if (result instanceof AuthService.LoginResult.Success success) {
                ctx.response().addCookie(Authenticator.sessionCookie(success.sessionSecret(), Web.https(ctx)));
                Web.json(ctx, 200, account(success.principal(), success.csrfToken()));
            } else if (result instanceof AuthService.LoginResult.Throttled throttled) {
                long seconds = Math.max(1, throttled.retryAfter().toSeconds());
                ctx.response().putHeader("Retry-After", Long.toString(seconds));
                ctx.fail(Problem.tooManyRequests(ErrorCode.LOGIN_TOO_MANY, seconds));
            } else {
                ctx.fail(Problem.unauthorized(ErrorCode.LOGIN_WRONG));
            }
        });
    }

    private void logout(RoutingContext ctx) {
        Cookie cookie = ctx.request().getCookie(Authenticator.COOKIE);
        ctx.response().addCookie(Authenticator.expiredCookie(Web.https(ctx)));
        if (cookie == null) {
            Web.noContent(ctx);
            return;
        }
        Web.reply(ctx, 204, () -> {
            auth.logout(cookie.getValue());
            return null;
        });
    }

    private void me(RoutingContext ctx) {
        Web.json(ctx, 200, account(Web.principal(ctx), ctx.get(Authenticator.CSRF_TOKEN)));
    }

    private void changePassword(RoutingContext ctx) {
        Principal principal = Web.principal(ctx);
        Body body = Body.of(ctx, Set.of("currentPassword", "newPassword"));
        String current = body.secret("currentPassword");
        String next = body.secret("newPassword");
        if (next.length() < AuthService.MIN_PASSWORD_LENGTH) {
            throw Problem.badRequest("newPassword", ErrorCode.FIELD_TOO_SHORT, AuthService.MIN_PASSWORD_LENGTH);
        }
        hashed(ctx, () -> auth.changePassword(principal, current, next)).onSuccess(changed -> {
            if (changed) {
                Web.noContent(ctx);
            } else {
                ctx.fail(Problem.badRequest("currentPassword", ErrorCode.PASSWORD_CURRENT_WRONG));
            }
        });
    }

    private void createToken(RoutingContext ctx) {
        Principal principal = Web.principal(ctx);
        String name = Body.of(ctx, Set.of("name")).requiredText("name");
        Web.reply(ctx, 201, () -> Map.of("name", name, "token", auth.createToken(principal, name)));
    }

    private void accounts(RoutingContext ctx) {
        Web.require(ctx, Permission.MANAGE_ACCOUNTS);
        Web.reply(ctx, 200, auth::accounts);
    }

    private void createAccount(RoutingContext ctx) {
        Principal actor = Web.require(ctx, Permission.MANAGE_ACCOUNTS);
        Body body = Body.of(ctx, Set.of("username", "password", "role", "memberId"));
        String username = body.required("username", Account::requireUsername);
        String password = body.secret("password");
        if (password.length() < AuthService.MIN_PASSWORD_LENGTH) {
            throw Problem.badRequest("password", ErrorCode.FIELD_TOO_SHORT, AuthService.MIN_PASSWORD_LENGTH);
        }
        Role role = body.required("role", Role::fromWire);
        String memberId = body.text("memberId").orElse(null);
        hashed(ctx, () -> auth.createAccount(actor.actor(), username, password, role, memberId))
                .onSuccess(account -> Web.json(ctx, 201, account));
    }

    private <T> Future<T> hashed(RoutingContext ctx, Callable<T> work) {
        return hashing.executeBlocking(work, false).onFailure(ctx::fail);
    }

    private static Map<String, Object> account(Principal principal, String csrfToken) {
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("username", principal.username());
        account.put("role", principal.role());
        account.put("memberId", principal.memberId());
        account.put("displayName", principal.displayName());
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("csrfToken", csrfToken);
        reply.put("account", account);
        reply.put("permissions", Permissions.granted(principal.role()).stream().map(Permission::name).toList());
        return reply;
    }
}

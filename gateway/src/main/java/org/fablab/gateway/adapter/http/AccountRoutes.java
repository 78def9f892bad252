package org.fablab.gateway.adapter.http;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.gateway.domain.auth.Account;
import org.fablab.gateway.domain.auth.Permission;
import org.fablab.gateway.domain.auth.Permissions;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.gateway.service.AccountService;
import org.fablab.gateway.service.AuthService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Invitations, password resets and account changes (docs/accounts.md). Accepting an invitation and the reset
 * requests and confirmations need no login. Whatever sends mail runs on its own small pool, whatever hashes a
 * password on the login pool, so a slow mail server or a burst of hashing waits for itself, never the event loop
 * nor the API's other workers.
 */
final class AccountRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(AccountRoutes.class);
    private final AccountService accounts;
    private final WorkerExecutor hashing;
    private final WorkerExecutor mail;

    AccountRoutes(AccountService accounts, WorkerExecutor hashing, WorkerExecutor mail) {
        this.accounts = accounts;
        this.hashing = hashing;
        this.mail = mail;
    }

    /** Routes anyone may call; the caller is identified when signed in (an admin's reset by username). */
    void mountPublic(Router router) {
        router.post("/api/v1/invitations/accept").handler(this::accept);
        router.post("/api/v1/password-resets").handler(this::requestReset);
        router.post("/api/v1/password-resets/confirm").handler(this::confirmReset);
    }

    void mount(Router router) {
        router.get("/api/v1/accounts/mail").handler(Authenticator::requireLogin).handler(this::mailStatus);
        router.post("/api/v1/accounts/invitations").handler(Authenticator::requireLogin).handler(this::invite);
        router.patch("/api/v1/accounts/:username").handler(Authenticator::requireLogin).handler(this::update);
    }

    private void mailStatus(RoutingContext ctx) {
        Web.require(ctx, Permission.MANAGE_ACCOUNTS);
        Web.json(ctx, 200, Map.of("configured", accounts.mails()));
    }

    private void invite(RoutingContext ctx) {
        Principal actor = Web.require(ctx, Permission.MANAGE_ACCOUNTS);
        Body body = Body.of(ctx, Set.of("email", "role", "memberId", "lang"));
        String email = body.required("email", Account::requireEmail);
        Role role = body.required("role", Role::fromWire);
        String memberId = body.text("memberId").orElse(null);
        Locale locale = locale(body);
        on(mail, ctx, () -> accounts.invite(actor, email, role, memberId, locale))
                .onSuccess(issued -> Web.json(ctx, 201, issued(issued)));
    }

    private void accept(RoutingContext ctx) {
        Body body = Body.of(ctx, Set.of("token", "username", "password"));
        String token = body.secret("token");
        String username = body.required("username", text -> Account.requireUsername(text.toLowerCase(Locale.ROOT)));
        String password = strong(body, "password");
        on(hashing, ctx, () -> accounts.accept(token, username, password)).onSuccess(account -> {
            if (account.isPresent()) {
                Web.json(ctx, 201, account.get());
            } else {
                ctx.fail(Problem.badRequest("token", ErrorCode.LINK_REFUSED));
            }
        });
    }

    private void update(RoutingContext ctx) {
        Principal actor = Web.require(ctx, Permission.MANAGE_ACCOUNTS);
        String username = ctx.pathParam("username");
        Body body = Body.of(ctx, Set.of("role", "active", "email"));
        Optional<Role> role = body.optional("role", Role::fromWire);
        Optional<String> email = body.optional("email", Account::requireEmail);
        AccountService.Change change = new AccountService.Change(role, body.bool("active"), email);
        Web.reply(ctx, 200, () -> accounts.update(actor, username, change));
    }

    /**
     * With {@code username}: an admin's reset, answered with how the link travels. With {@code email}: anyone's,
     * always 202 before anything is looked up, the mail sent afterwards.
     */
    private void requestReset(RoutingContext ctx) {
        Body body = Body.of(ctx, Set.of("email", "username", "lang"));
        Locale locale = locale(body);
        Optional<String> username = body.text("username");
        if (username.isPresent()) {
            Principal actor = ctx.get(Web.PRINCIPAL);
            if (actor == null) {
                throw Problem.unauthorized(ErrorCode.REQUEST_UNAUTHORIZED);
            }
            if (!Permissions.allows(actor.role(), Permission.MANAGE_ACCOUNTS)) {
                throw Problem.forbidden(ErrorCode.FORBIDDEN_ROLE, actor.role().wire());
            }
            on(mail, ctx, () -> accounts.resetByAdmin(actor, username.get(), locale))
                    .onSuccess(issued -> Web.json(ctx, 200, issued(issued)));
            return;
        }
        String email = body.requiredText("email");
        String client = Web.client(ctx);
        Web.blocking(ctx, () -> accounts.admitResetRequest(email, client)).onSuccess(wait -> {
            if (wait.isPresent()) {
                long seconds = Math.max(1, wait.get().toSeconds());
                ctx.response().putHeader("Retry-After", Long.toString(seconds));
                ctx.fail(Problem.tooManyRequests(ErrorCode.RESET_TOO_MANY, seconds));
                return;
            }
            Web.json(ctx, 202, Map.of("status", "if an active account has this e-mail address, a link is on its way"));
            mail.executeBlocking(() -> {
                accounts.resetByEmail(email, client, locale);
                return null;
            }, false).onFailure(e -> LOG.error("password reset by e-mail failed [client: {}]", client, e));
        });
    }

    private void confirmReset(RoutingContext ctx) {
        Body body = Body.of(ctx, Set.of("token", "password"));
        String token = body.secret("token");
        String password = strong(body, "password");
        on(hashing, ctx, () -> accounts.confirmReset(token, password)).onSuccess(done -> {
            if (done) {
                Web.noContent(ctx);
            } else {
                ctx.fail(Problem.badRequest("token", ErrorCode.LINK_REFUSED));
            }
        });
    }

    private static String strong(Body body, String field) {
        String password = body.secret(field);
        if (password.length() < AuthService.MIN_PASSWORD_LENGTH) {
            throw Problem.badRequest(field, ErrorCode.FIELD_TOO_SHORT, AuthService.MIN_PASSWORD_LENGTH);
        }
        return password;
    }

    private static Locale locale(Body body) {
        return body.text("lang").map(lang -> switch (lang) {
            case "fr" -> Locale.FRENCH;
            case "en" -> Locale.ENGLISH;
            default -> throw Problem.badRequest("lang", ErrorCode.FIELD_ONE_OF, "en, fr");
        }).orElse(Locale.ENGLISH);
    }

    private static Map<String, Object> issued(AccountService.Issued issued) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("to", issued.to());
        reply.put("expiresAt", issued.expiresAt());
        if (issued.delivery() instanceof AccountService.Delivery.Mailed) {
            reply.put("delivery", "mailed");
        } else if (issued.delivery() instanceof AccountService.Delivery.Shown shown) {
            reply.put("delivery", "shown");
            reply.put("link", shown.link());
        } else if (issued.delivery() instanceof AccountService.Delivery.Failed failed) {
            reply.put("delivery", "failed");
            reply.put("link", failed.link());
            reply.put("error", failed.error());
        }
        return reply;
    }

    private static <T> Future<T> on(WorkerExecutor pool, RoutingContext ctx, Callable<T> work) {
        return pool.executeBlocking(work, false).onFailure(ctx::fail);
    }
}

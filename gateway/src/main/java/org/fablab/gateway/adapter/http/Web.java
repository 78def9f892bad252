package org.fablab.gateway.adapter.http;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.fablab.gateway.domain.Arguments;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.gateway.domain.auth.Permission;
import org.fablab.gateway.domain.auth.Permissions;
import org.fablab.gateway.domain.auth.Principal;

/** What every route does: answer JSON, run blocking work on a worker thread, know and check the caller. */
final class Web {
    static final String JSON = "application/json; charset=utf-8";
    static final String PRINCIPAL = "fablab.principal";
    static final String CLIENT = "fablab.client";
    static final String HTTPS = "fablab.https";
    /** Examples a format problem shows; plain values read the same in every language. */
    static final String DATE_EXAMPLE = Arguments.DATE_EXAMPLE;
    static final String MONTH_EXAMPLE = "2026-11";

    private Web() {
    }

    static void json(RoutingContext ctx, int status, Object body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", JSON).end(HttpApi.toJson(body));
    }

    static void noContent(RoutingContext ctx) {
        ctx.response().setStatusCode(204).end();
    }

    /** Runs {@code work} on a worker thread (unordered: requests do not wait for each other) and answers its result. */
    static <T> void reply(RoutingContext ctx, int status, Callable<T> work) {
        blocking(ctx, work).onSuccess(result -> {
            if (result == null) {
                noContent(ctx);
            } else {
                json(ctx, status, result);
            }
        });
    }

    static <T> Future<T> blocking(RoutingContext ctx, Callable<T> work) {
        return ctx.vertx().<T>executeBlocking(work, false).onFailure(ctx::fail);
    }

    /** The client's address as {@link TrustedProxies} names it: the balancer's forwarded one behind a trusted one. */
    static String client(RoutingContext ctx) {
        return ctx.get(CLIENT);
    }

    /** Whether the client reached the gateway, or the trusted balancer in front of it, over HTTPS. */
    static boolean https(RoutingContext ctx) {
        return ctx.get(HTTPS);
    }

    /** The authenticated caller; routes behind {@link Authenticator#requireLogin} always have one. */
    static Principal principal(RoutingContext ctx) {
        Principal principal = ctx.get(PRINCIPAL);
        if (principal == null) {
            throw Problem.unauthorized(ErrorCode.REQUEST_UNAUTHORIZED);
        }
        return principal;
    }

    static Principal require(RoutingContext ctx, Permission permission) {
        Principal principal = principal(ctx);
        if (!Permissions.allows(principal.role(), permission)) {
            throw Problem.forbidden(ErrorCode.FORBIDDEN_ROLE, principal.role().wire());
        }
        return principal;
    }

    /** A query parameter, stripped; absent or blank → empty. */
    static Optional<String> query(RoutingContext ctx, String name) {
        return Optional.ofNullable(ctx.queryParams().get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    /** A {@code yyyy-MM-dd} query parameter; anything else is a 400 naming it. */
    static Optional<LocalDate> dateQuery(RoutingContext ctx, String name) {
        return query(ctx, name).map(text -> {
            try {
                return LocalDate.parse(text);
            } catch (DateTimeParseException e) {
                throw Problem.badRequest(name, ErrorCode.FIELD_FORMAT, DATE_EXAMPLE);
            }
        });
    }

    /** The instants a filter's {@code from} and {@code to} days span: from inclusive, until exclusive. */
    record Days(Optional<Instant> from, Optional<Instant> until) {
    }

    /**
     * The optional {@code from} and {@code to} query days, inclusive, as instants of the lab's {@code zone}; a 400 on
     * a malformed day or a {@code to} before {@code from}.
     */
    static Days days(RoutingContext ctx, ZoneId zone) {
        Optional<LocalDate> from = dateQuery(ctx, "from");
        Optional<LocalDate> to = dateQuery(ctx, "to");
        if (from.isPresent() && to.isPresent() && to.get().isBefore(from.get())) {
            throw Problem.badRequest("to", ErrorCode.FIELD_BEFORE, "from");
        }
        return new Days(from.map(day -> day.atStartOfDay(zone).toInstant()),
                to.map(day -> day.plusDays(1).atStartOfDay(zone).toInstant()));
    }

    /** A month {@code yyyy-MM}; anything else is a 400 naming {@code field}. */
    static YearMonth month(String field, String text) {
        try {
            return YearMonth.parse(text);
        } catch (DateTimeParseException e) {
            throw Problem.badRequest(field, ErrorCode.FIELD_FORMAT, MONTH_EXAMPLE);
        }
    }
}

package org.fablab.gateway.adapter.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.fablab.gateway.billing.ChainCheck;
import org.fablab.gateway.billing.ConsumableRecord;
import org.fablab.gateway.billing.Invoice;
import org.fablab.gateway.billing.LedgerCause;
import org.fablab.gateway.billing.LedgerEntry;
import org.fablab.gateway.billing.LedgerKind;
import org.fablab.gateway.billing.LedgerLabel;
import org.fablab.gateway.billing.LedgerLabels;
import org.fablab.gateway.billing.PaymentMethod;
import org.fablab.gateway.billing.Statement;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.gateway.domain.Member;
import org.fablab.gateway.domain.auth.Permission;
import org.fablab.gateway.domain.auth.Permissions;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.pdf.InvoicePdf;
import org.fablab.gateway.port.LedgerStore;
import org.fablab.gateway.port.PeriodStore;
import org.fablab.gateway.port.TariffStore;
import org.fablab.gateway.port.EventStore;
import org.fablab.gateway.port.NotFound;
import org.fablab.gateway.service.BillingServices;
import org.fablab.gateway.service.LedgerAudit;
import org.fablab.gateway.service.MemberService;
import org.fablab.gateway.service.PeriodService;

/**
 * Consumable records, the ledger, balances, coupons, closed periods and statements. Makers read and record their own;
 * {@link Permission#READ_BILLING} reads everyone's; {@link Permission#MANAGE_BILLING} writes the ledger.
 */
final class LedgerRoutes {
    private static final Set<String> RECORD_FIELDS = Set.of("memberId", "sessionId", "itemId", "quantity");
    private static final Set<String> CORRECTION_FIELDS = Set.of("quantity", "reason");
    private static final Set<String> PAYMENT_FIELDS = Set.of("memberId", "amountCents", "date", "method",
            "reference");
    private static final Set<String> CREDIT_FIELDS = Set.of("memberId", "amountCents", "label");
    private static final Set<String> REVERSAL_FIELDS = Set.of("reason");
    private static final Set<String> COUPON_FIELDS = Set.of("code", "amountCents", "maxRedemptions", "validUntil");
    private static final Set<String> REDEMPTION_FIELDS = Set.of("memberId");
    private static final Set<String> ISSUE_FIELDS = Set.of("month");
    private static final long MAX_QUANTITY = 1_000_000;

    private final BillingServices billing;
    private final LedgerAudit ledgerCheck;
    private final MemberService members;
    private final EventStore sessions;
    private final WorkerExecutor longJobs;

    /**
     * @param ledgerCheck the whole-ledger verification, on connections of its own like the exports'
     * @param members     names the member of a draft statement
     * @param longJobs    where a whole-ledger verification runs, beside the exports and away from the API's workers
     */
    LedgerRoutes(BillingServices billing, LedgerAudit ledgerCheck, MemberService members, EventStore sessions,
                 WorkerExecutor longJobs) {
        this.billing = billing;
        this.ledgerCheck = ledgerCheck;
        this.members = members;
        this.sessions = sessions;
        this.longJobs = longJobs;
    }

    void mount(Router router) {
        router.get("/api/v1/consumable-records").handler(this::records);
        router.post("/api/v1/consumable-records").handler(this::record);
        router.post("/api/v1/consumable-records/:id/correction").handler(this::correct);
        router.get("/api/v1/ledger").handler(this::ledger);
        router.get("/api/v1/ledger/verify").handler(this::verify);
        router.post("/api/v1/ledger/payments").handler(this::payment);
        router.post("/api/v1/ledger/credits").handler(this::credit);
        router.post("/api/v1/ledger/:sequence/reversal").handler(this::reverse);
        router.get("/api/v1/billing/parked").handler(ctx -> {
            Web.require(ctx, Permission.READ_BILLING);
            Web.reply(ctx, 200, billing.charging()::parkedCauses);
        });
        router.post("/api/v1/billing/parked/:cause/retry").handler(this::retryParked);
        router.get("/api/v1/balances").handler(ctx -> {
            Web.require(ctx, Permission.READ_BILLING);
            Web.reply(ctx, 200, billing.ledger()::balances);
        });
        router.get("/api/v1/members/:id/balance").handler(this::balance);
        router.get("/api/v1/coupons").handler(ctx -> {
            Web.require(ctx, Permission.MANAGE_BILLING);
            Web.reply(ctx, 200, () -> billing.tariffs().coupons().stream().map(CouponView::of).toList());
        });
        router.post("/api/v1/coupons").handler(this::createCoupon);
        router.post("/api/v1/coupons/:code/redemptions").handler(this::redeem);
        router.get("/api/v1/periods").handler(this::periods);
        router.post("/api/v1/periods/:month/close").handler(this::close);
        router.get("/api/v1/statements").handler(this::statements);
        router.post("/api/v1/statements").handler(this::issue);
        router.get("/api/v1/statements/draft").handler(this::draft);
        router.get("/api/v1/statements/:number").handler(this::statement);
        router.get("/api/v1/statements/:number/invoice.pdf").handler(this::invoice);
    }

    /** The member whose billing data the caller asks for: the named one if they may read it, else their own. */
    private static String billedMember(RoutingContext ctx, Optional<String> asked) {
        Principal principal = Web.principal(ctx);
        if (asked.isPresent()) {
            if (!Permissions.mayReadBilling(principal, asked.get())) {
                throw Problem.forbidden(ErrorCode.FORBIDDEN_OTHERS);
            }
            return asked.get();
        }
        return principal.member().orElseThrow(() -> Problem.badRequest("member", ErrorCode.FIELD_REQUIRED));
    }

    /** The member filter of a list: everyone's for readers of billing, else the caller's own. */
    private static Optional<String> listedMember(RoutingContext ctx) {
        Principal principal = Web.principal(ctx);
        Optional<String> asked = Web.query(ctx, "member");
        if (Permissions.allows(principal.role(), Permission.READ_BILLING)
                || Permissions.allows(principal.role(), Permission.RECORD_CONSUMABLES)) {
            return asked;
        }
        return Optional.of(billedMember(ctx, asked));
    }

    record RecordView(String id, String memberId, String nodeId, String sessionId, String machineId, String itemId,
                      long quantity, Instant recordedAt, String recordedBy, String source, long chargedCents) {
        static RecordView of(ConsumableRecord r) {
            return new RecordView(r.id(), r.memberId().orElse(null), r.nodeId().orElse(null),
                    r.sessionId().orElse(null), r.machineId().orElse(null), r.itemId(), r.quantity(), r.recordedAt(),
                    r.recordedBy(), r.source(), r.chargedCents());
        }
    }

    private void records(RoutingContext ctx) {
        Optional<String> member = listedMember(ctx);
        Optional<LocalDate> from = Web.dateQuery(ctx, "from");
        Optional<LocalDate> to = Web.dateQuery(ctx, "to");
        int limit = HttpApi.limit(ctx);
        Web.reply(ctx, 200, () -> billing.ledger().consumableRecords(member, from, to, limit).stream()
                .map(RecordView::of).toList());
    }

    private void record(RoutingContext ctx) {
        Principal actor = Web.principal(ctx);
        Body body = Body.of(ctx, RECORD_FIELDS);
        boolean staff = Permissions.allows(actor.role(), Permission.RECORD_CONSUMABLES);
        String memberId = body.text("memberId").or(actor::member)
                .orElseThrow(() -> Problem.badRequest("memberId", ErrorCode.FIELD_REQUIRED));
        if (!staff && !actor.isMember(memberId)) {
            throw Problem.forbidden(ErrorCode.FORBIDDEN_OTHERS);
        }
        Optional<String> sessionId = body.text("sessionId");
        String itemId = body.requiredText("itemId");
        long quantity = body.requiredWhole("quantity", 1, MAX_QUANTITY);
        Web.reply(ctx, 201, () -> {
            if (sessionId.isPresent() && !sessions.isSessionOf(sessionId.get(), memberId)) {
                throw Problem.badRequest("sessionId", ErrorCode.SESSION_NOT_MEMBERS, sessionId.get(), memberId);
            }
            return RecordView.of(billing.ledger().recordConsumable(actor, memberId, sessionId, itemId, quantity,
                    actor.isMember(memberId) ? "member" : "fabmanager"));
        });
    }

    private void correct(RoutingContext ctx) {
        Principal actor = Web.require(ctx, Permission.RECORD_CONSUMABLES);
        String id = ctx.pathParam("id");
        Body body = Body.of(ctx, CORRECTION_FIELDS);
        long quantity = body.requiredWhole("quantity", 0, MAX_QUANTITY);
        String reason = body.requiredText("reason");
        Web.reply(ctx, 200, () -> RecordView.of(billing.ledger().correctConsumable(actor, id, quantity, reason)));
    }

    /**
     * A ledger entry as the API shows it. {@code label} is the stored, signed text; {@code labelCode} and
     * {@code labelParams} say the same for readers to write in their own language ({@link LedgerLabels}).
     */
    record EntryView(long sequence, LocalDate date, String memberId, String memberName, String kind, long amountCents,
                     String currency, String cause, String label, String labelCode, Map<String, Object> labelParams,
                     int vatBasisPoints, String hash,
                     @JsonInclude(JsonInclude.Include.NON_NULL) PaymentMethod paymentMethod, CauseView resolvedCause) {
        /** A statement's entry: its session's machine named from {@code machineNames} (by cause). */
        static EntryView of(LedgerEntry e, String memberName, Map<String, String> machineNames) {
            return of(new LedgerStore.LedgerLine(e, memberName, Optional.empty(), Optional.empty(), Optional.empty()),
                    Optional.ofNullable(machineNames.get(e.cause())));
        }

        /** A view of an entry just written by hand: never a session's, so no machine to name. */
        static EntryView written(LedgerEntry e) {
            return written(e, Optional.empty());
        }

        static EntryView written(LedgerEntry e, Optional<PaymentMethod> paymentMethod) {
            return of(new LedgerStore.LedgerLine(e, null, paymentMethod, Optional.empty(), Optional.empty()),
                    Optional.empty());
        }

        static EntryView of(LedgerStore.LedgerLine line) {
            return of(line, line.session().map(LedgerStore.ChargedSession::machineName));
        }

        private static EntryView of(LedgerStore.LedgerLine line, Optional<String> machineName) {
            LedgerEntry e = line.entry();
            LedgerLabel label = LedgerLabels.of(e, machineName);
            return new EntryView(e.sequence(), e.date(), e.memberId(), line.memberName(), e.kind().wire(),
                    e.amountCents(), e.currency(), e.cause(), e.label(), label.code(), label.params(),
                    e.vatBasisPoints(), e.hash(), line.paymentMethod().orElse(null), CauseView.of(line));
        }
    }

    /**
     * What an entry's cause names, resolved for people: the session (machine, start, duration, member), the consumable
     * record and item, the plan fee's month, the payment reference, the coupon code or the reversed entry. A
     * correction names the session or item of the entry it reverses. Fields that do not apply are left out.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CauseView(String kind, String memberId, String memberName, String nodeId, String sessionId,
                     String machineId, String machineName, Instant startedAt, Long durationSeconds, String recordId,
                     String itemLabel, Long reversedSequence, String reference, String month, String code) {
        static CauseView of(LedgerStore.LedgerLine line) {
            LedgerCause cause = LedgerCause.of(line.entry().cause());
            LedgerStore.ChargedSession session = line.session().orElse(null);
            String detail = cause.detail();
            int lastColon = detail.lastIndexOf(':');
            return new CauseView(cause.kind().wire(), line.entry().memberId(), line.memberName(),
                    session == null ? null : session.nodeId(), session == null ? null : session.sessionId(),
                    session == null ? null : session.machineId(), session == null ? null : session.machineName(),
                    session == null ? null : session.startedAt(), session == null ? null : session.wallSeconds(),
                    cause.kind() == LedgerCause.Kind.CONSUMABLE ? detail : null, line.itemLabel().orElse(null),
                    cause.reversedSequence().orElse(null),
                    cause.kind() == LedgerCause.Kind.PAYMENT ? detail : null,
                    cause.kind() == LedgerCause.Kind.PLAN_FEE && lastColon >= 0 ? detail.substring(lastColon + 1) : null,
                    cause.couponCode().orElse(null));
        }
    }

    private void ledger(RoutingContext ctx) {
        Principal principal = Web.principal(ctx);
        Optional<String> member = Permissions.allows(principal.role(), Permission.READ_BILLING)
                ? Web.query(ctx, "member") : Optional.of(billedMember(ctx, Web.query(ctx, "member")));
        Optional<LedgerKind> kind = Web.query(ctx, "kind").map(text -> {
            try {
                return LedgerKind.fromWire(text);
            } catch (IllegalArgumentException e) {
                throw Problem.invalid("kind", e);
            }
        });
        Optional<Long> before = Web.query(ctx, "before").map(text -> {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw Problem.badRequest("before", ErrorCode.FIELD_FORMAT, "42");
            }
        });
        LedgerStore.LedgerFilter filter = new LedgerStore.LedgerFilter(member, kind, Web.dateQuery(ctx, "from"),
                Web.dateQuery(ctx, "to"), before, HttpApi.limit(ctx));
        Web.reply(ctx, 200, () -> billing.ledger().ledger(filter).stream().map(EntryView::of).toList());
    }

    record VerifyView(boolean ok, Long entries, String head, Long brokenAt, String why) {
    }

    private void verify(RoutingContext ctx) {
        Web.require(ctx, Permission.READ_BILLING);
        longJobs.executeBlocking(() -> {
            ChainCheck check = ledgerCheck.verify();
            if (check instanceof ChainCheck.Verified verified) {
                return new VerifyView(true, verified.entries(), verified.headHash(), null, null);
            }
            ChainCheck.Broken broken = (ChainCheck.Broken) check;
            return new VerifyView(false, null, null, broken.sequence(), broken.why());
        }, false).onFailure(ctx::fail).onSuccess(view -> Web.json(ctx, 200, view));
    }

    private void payment(RoutingContext ctx) {
        Principal actor = Web.require(ctx, Permission.MANAGE_BILLING);
        Body body = Body.of(ctx, PAYMENT_FIELDS);
        String memberId = body.requiredText("memberId");
        long amount = body.requiredWhole("amountCents", 1, BillingRoutes.MAX_CENTS);
        Optional<LocalDate> date = body.date("date");
        PaymentMethod method = body.required("method", PaymentMethod::fromWire);
        String reference = body.requiredText("reference");
        Web.reply(ctx, 201, () -> EntryView.written(billing.ledger().payment(actor, memberId, amount, date, method,
                reference), Optional.of(method)));
    }

    private void credit(RoutingContext ctx) {
        Principal actor = Web.require(ctx, Permission.MANAGE_BILLING);
        Body body = Body.of(ctx, CREDIT_FIELDS);
        String memberId = body.requiredText("memberId");
        long amount = body.requiredWhole("amountCents", 1, BillingRoutes.MAX_CENTS);
        String label = body.requiredText("label");
        Web.reply(ctx, 201, () -> EntryView.written(billing.ledger().credit(actor, memberId, amount, label)));
    }

    private void reverse(RoutingContext ctx) {
        Principal actor = Web.require(ctx, Permission.MANAGE_BILLING);
        long sequence;
        try {
            sequence = Long.parseLong(ctx.pathParam("sequence"));
        } catch (NumberFormatException e) {
            throw Problem.badRequest("sequence", ErrorCode.FIELD_FORMAT, "42");
        }
        String reason = Body.of(ctx, REVERSAL_FIELDS).requiredText("reason");
        Web.reply(ctx, 201, () -> EntryView.written(billing.ledger().reverse(actor, sequence, reason)));
    }

    private void retryParked(RoutingContext ctx) {
        Principal actor = Web.require(ctx, Permission.MANAGE_BILLING);
        String cause = ctx.pathParam("cause");
        Web.reply(ctx, 204, () -> {
            billing.charging().retryParked(actor, cause);
            return null;
        });
    }

    /**
     * @param owedCents    what the member owes: positive owed, negative in credit (docs/billing.md, "Signs")
     * @param balanceCents the same the other way round (credit positive), kept for clients written before
     *                     {@code owedCents}
     */
    record BalanceView(String memberId, long owedCents, long balanceCents, String currency) {
        static BalanceView of(String memberId, long owedCents, String currency) {
            return new BalanceView(memberId, owedCents, -owedCents, currency);
        }
    }

    private void balance(RoutingContext ctx) {
        String memberId = ctx.pathParam("id");
        Principal principal = Web.principal(ctx);
        if (!Permissions.mayReadBilling(principal, memberId)
                && !Permissions.allows(principal.role(), Permission.RECORD_CONSUMABLES)) {
            throw Problem.forbidden(ErrorCode.FORBIDDEN_OTHERS);
        }
        Web.json(ctx, 200, BalanceView.of(memberId, billing.charging().owed(memberId), billing.tariffs().currency()));
    }

    record CouponView(String code, long amountCents, int maxRedemptions, LocalDate validUntil, int redeemed) {
        static CouponView of(TariffStore.Coupon c) {
            return new CouponView(c.code(), c.amountCents(), c.maxRedemptions(), c.validUntil().orElse(null),
                    c.redeemed());
        }
    }

    private void createCoupon(RoutingContext ctx) {
        Principal actor = Web.require(ctx, Permission.MANAGE_BILLING);
        Body body = Body.of(ctx, COUPON_FIELDS);
        String code = body.requiredText("code");
        if (!code.matches("[A-Za-z0-9-]{3,32}")) {
            throw Problem.badRequest("code", ErrorCode.FIELD_CODE_FORMAT, 3, 32);
        }
        TariffStore.Coupon coupon = new TariffStore.Coupon(code, body.requiredWhole("amountCents", 1,
                BillingRoutes.MAX_CENTS), Math.toIntExact(body.whole("maxRedemptions", 1, 100_000).orElse(1L)),
                body.date("validUntil"), 0);
        Web.reply(ctx, 201, () -> CouponView.of(billing.tariffs().createCoupon(actor, coupon)));
    }

    private void redeem(RoutingContext ctx) {
        Principal actor = Web.principal(ctx);
        String code = ctx.pathParam("code");
        Body body = Body.of(ctx, REDEMPTION_FIELDS);
        String memberId = body.text("memberId").or(actor::member)
                .orElseThrow(() -> Problem.badRequest("memberId", ErrorCode.FIELD_REQUIRED));
        if (!actor.isMember(memberId) && !Permissions.allows(actor.role(), Permission.MANAGE_BILLING)) {
            throw Problem.forbidden(ErrorCode.FORBIDDEN_OTHERS);
        }
        Web.reply(ctx, 201, () -> EntryView.written(billing.ledger().redeemCoupon(actor, code, memberId)));
    }

    record PeriodsView(YearMonth closedThrough, List<PeriodStore.ClosedPeriod> closed) {
    }

    private void periods(RoutingContext ctx) {
        Web.require(ctx, Permission.READ_BILLING);
        Web.reply(ctx, 200, () -> new PeriodsView(billing.periods().closedThrough().orElse(null),
                billing.periods().closedPeriods()));
    }

    private void close(RoutingContext ctx) {
        Principal actor = Web.require(ctx, Permission.MANAGE_BILLING);
        YearMonth month = Web.month("month", ctx.pathParam("month"));
        Web.reply(ctx, 200, () -> billing.periods().closePeriod(actor, month));
    }

    private void statements(RoutingContext ctx) {
        Optional<String> member = Permissions.allows(Web.principal(ctx).role(), Permission.READ_BILLING)
                ? Web.query(ctx, "member") : Optional.of(billedMember(ctx, Web.query(ctx, "member")));
        Optional<YearMonth> month = Web.query(ctx, "month").map(text -> Web.month("month", text));
        Web.reply(ctx, 200, () -> billing.periods().statements(month, member));
    }

    private void issue(RoutingContext ctx) {
        Principal actor = Web.require(ctx, Permission.MANAGE_BILLING);
        YearMonth month = Body.of(ctx, ISSUE_FIELDS).required("month", text -> Web.month("month", text));
        Web.reply(ctx, 201, () -> billing.periods().issueStatements(actor, month));
    }

    record StatementView(String issuer, String number, String memberId, String memberName, YearMonth month,
                         String currency,
                         List<EntryView> entries, List<Statement.VatTotal> vatTotals, long paymentsCents,
                         long totalCents, Long ledgerSequence, String ledgerHead, Instant issuedAt) {
        static StatementView of(PeriodService.IssuedView view, String memberName, Map<String, String> machineNames) {
            Statement s = view.statement();
            PeriodStore.IssuedStatement issued = view.issued().orElse(null);
            return new StatementView(view.issuer(), s.number(), s.memberId(), memberName, s.month(), view.currency(),
                    s.entries().stream().map(e -> EntryView.of(e, memberName, machineNames)).toList(), s.vatTotals(),
                    s.paymentsCents(), s.totalCents(), issued == null ? null : issued.ledgerSequence(),
                    issued == null ? null : issued.ledgerHead(), issued == null ? null : issued.issuedAt());
        }
    }

    /** The statement with the machines of its session lines named; blocking. */
    private StatementView statementView(PeriodService.IssuedView view, String memberName) {
        return StatementView.of(view, memberName, billing.ledger().machineNames(view.statement().entries().stream()
                .map(LedgerEntry::cause).toList()));
    }

    private void draft(RoutingContext ctx) {
        String member = billedMember(ctx, Web.query(ctx, "member"));
        YearMonth month = Web.query(ctx, "month").map(text -> Web.month("month", text))
                .orElseGet(() -> YearMonth.from(billing.periods().today()));
        Web.reply(ctx, 200, () -> statementView(billing.periods().draftStatement(member, month),
                members.find(member).map(Member::name).orElse(null)));
    }

    private void statement(RoutingContext ctx) {
        Principal principal = Web.principal(ctx);
        String number = ctx.pathParam("number");
        Web.reply(ctx, 200, () -> {
            PeriodService.IssuedView view = billing.periods().statement(number);
            if (!Permissions.mayReadBilling(principal, view.statement().memberId())) {
                throw new NotFound(ErrorCode.STATEMENT_NOT_FOUND, number);
            }
            return statementView(view, view.issued().map(PeriodStore.IssuedStatement::memberName).orElse(null));
        });
    }

    /** The issued statement as a PDF invoice, to whoever may read the statement; {@code lang} fr (default) or en. */
    private void invoice(RoutingContext ctx) {
        Principal principal = Web.principal(ctx);
        String number = ctx.pathParam("number");
        String lang = Web.query(ctx, "lang").orElse("fr");
        if (!lang.equals("fr") && !lang.equals("en")) {
            throw Problem.badRequest("lang", ErrorCode.FIELD_ONE_OF, "en, fr");
        }
        Web.blocking(ctx, () -> {
            Invoice invoice = billing.periods().invoice(number);
            if (!Permissions.mayReadBilling(principal, invoice.statement().memberId())) {
                throw new NotFound(ErrorCode.STATEMENT_NOT_FOUND, number);
            }
            return InvoicePdf.render(invoice, Locale.forLanguageTag(lang));
        }).onSuccess(pdf -> ctx.response().putHeader("Content-Type", "application/pdf")
                .putHeader("Content-Disposition", "inline; filename=\"invoice-" + number + ".pdf\"")
                .end(Buffer.buffer(pdf)));
    }
}

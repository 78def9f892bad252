package org.fablab.gateway.port;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import org.fablab.gateway.billing.Periods;
import org.fablab.gateway.billing.Statement;
import org.fablab.gateway.domain.AuditEntry;

/**
 * Closed months and the statements issued for them, each recording the ledger head it was made at. Every write
 * stores its audit entry in its transaction. Blocking; thread-safe.
 */
public interface PeriodStore {

    record ClosedPeriod(YearMonth month, Instant closedAt, String closedBy, long ledgerSequence, String ledgerHead) {
    }

    /** An issued statement as numbered and stored, without its entries. */
    record IssuedStatement(String number, String memberId, String memberName, YearMonth month, long totalCents,
                           long ledgerSequence, String ledgerHead, Instant issuedAt) {
    }

    /** An issued statement: its issue record and its lines and totals. */
    record IssuedWithLines(IssuedStatement issued, Statement statement) {
    }

    /**
     * A ledger head written down elsewhere: at a period's closing or a statement's issue.
     *
     * @param source e.g. {@code closing of 2026-10}, {@code statement 2026-000012}
     * @param sequence 0 when the ledger was empty
     */
    record RecordedHead(String source, long sequence, String hash) {
    }

    Periods periods();

    List<ClosedPeriod> closedPeriods();

    /** Closes every month up to {@code month}, recording the ledger head; nothing to do when it is closed. */
    ClosedPeriod closePeriod(YearMonth month, Instant at, String actor, AuditEntry audit);

    /**
     * Numbers and stores the statements of a closed month for every member with entries in it and none issued yet;
     * numbers continue the month's year without gaps.
     *
     * @throws Conflict when the month is not closed
     */
    List<IssuedStatement> issueStatements(YearMonth month, Instant at, AuditEntry audit);

    List<IssuedStatement> statements(Optional<YearMonth> month, Optional<String> memberId);

    /** @throws NotFound when there is no such statement */
    IssuedWithLines statement(String number);

    /** The member's month as a statement numbered {@code draft}. */
    Statement draftStatement(String memberId, YearMonth month);

    /** Every recorded head, highest sequence first. */
    List<RecordedHead> recordedHeads();
}

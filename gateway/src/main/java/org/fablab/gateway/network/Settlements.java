package org.fablab.gateway.network;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.fablab.gateway.billing.Journal;
import org.fablab.gateway.billing.JournalRow;
import org.fablab.gateway.billing.LedgerLabel;
import org.fablab.gateway.billing.LedgerLabelText;
import org.fablab.gateway.port.VisitStore;
import org.fablab.protocol.network.SettlementStatement.Balance;
import org.fablab.protocol.network.SettlementStatement.Direction;
import org.fablab.protocol.network.SettlementStatement.Statement;
import org.fablab.protocol.network.SettlementStatement.Visit;

/**
 * A month's settlement statement between us and a partner, built the same way on both sides from the receipts each
 * holds, and the first difference between two statements. Pure.
 */
public final class Settlements {
    private static final Comparator<Visit> ORDER = Comparator.comparing(Visit::host).thenComparing(Visit::receiptId);

    private Settlements() {
    }

    /**
     * The statement of {@code month}: the receipts we issued to the partner ({@code hosted}, their members here) and
     * those it sent us ({@code abroad}, our members there), both of that month.
     */
    public static Statement of(String ourLab, String partner, YearMonth month, List<VisitStore.IssuedReceipt> hosted,
                               List<VisitStore.RecordedReceipt> abroad) {
        List<Visit> visits = new ArrayList<>();
        hosted.forEach(r -> visits.add(new Visit(ourLab, partner, r.receiptId(), r.hash(), r.wallSeconds(),
                r.amountCents(), r.currency())));
        abroad.forEach(r -> visits.add(new Visit(partner, ourLab, r.receiptId(), r.hash(), r.wallSeconds(),
                r.amountCents(), r.currency())));
        visits.sort(ORDER);
        Map<List<String>, long[]> sums = new TreeMap<>(Comparator.<List<String>, String>comparing(k -> k.get(0))
                .thenComparing(k -> k.get(1)).thenComparing(k -> k.get(2)));
        for (Visit visit : visits) {
            long[] sum = sums.computeIfAbsent(List.of(visit.host(), visit.home(), visit.currency()), k -> new long[3]);
            sum[0]++;
            sum[1] = Math.addExact(sum[1], visit.wallSeconds());
            sum[2] = Math.addExact(sum[2], visit.amountCents());
        }
        List<Direction> directions = new ArrayList<>();
        Map<String, Long> owedToFirst = new TreeMap<>();
        List<String> labs = Statement.pair(ourLab, partner);
        sums.forEach((key, sum) -> {
            directions.add(new Direction(key.get(0), key.get(1), key.get(2), sum[0], sum[1], sum[2]));
            long towardsFirst = key.get(0).equals(labs.get(0)) ? sum[2] : -sum[2];
            owedToFirst.merge(key.get(2), towardsFirst, Math::addExact);
        });
        List<Balance> balances = new ArrayList<>();
        owedToFirst.forEach((currency, net) -> {
            if (net > 0) {
                balances.add(new Balance(currency, labs.get(1), labs.get(0), net));
            } else if (net < 0) {
                balances.add(new Balance(currency, labs.get(0), labs.get(1), -net));
            }
        });
        return new Statement(month.toString(), labs, visits, directions, balances);
    }

    /**
     * The journal rows of what our members' visits at the partner cost us in the statement's month, per currency: the
     * services bought debited, the partner's account credited. What its members' visits here earned us is already in
     * the ledger's journal, debited to the same partner account through its network account, so the partner account
     * then holds the statement's balance.
     */
    public static List<JournalRow> journal(Statement statement, String ourLab, String partner, String partnerName,
                                           Journal.Accounts accounts, LedgerLabelText words) {
        YearMonth month = YearMonth.parse(statement.month());
        String piece = "settlement:" + partner + ":" + month;
        List<JournalRow> rows = new ArrayList<>();
        for (Direction direction : statement.directions()) {
            if (!direction.home().equals(ourLab) || direction.amountCents() == 0) {
                continue;
            }
            String label = words.write(new LedgerLabel(LedgerLabel.SETTLEMENT, Map.of("partner", partnerName,
                    "month", month.toString(), "currency", direction.currency())));
            rows.add(new JournalRow(accounts.purchaseJournalCode(), month.atEndOfMonth(), accounts.purchases(),
                    words.account("purchases"), piece, label, direction.amountCents(), 0));
            rows.add(new JournalRow(accounts.purchaseJournalCode(), month.atEndOfMonth(),
                    accounts.partnerPrefix() + partner, partnerName, piece, label, 0, direction.amountCents()));
        }
        return rows;
    }

    /** The statement's canonical JSON: what both labs hold byte for byte when they agree. */
    public static String canonical(Statement statement) {
        return Receipts.body(statement);
    }

    public static String hash(Statement statement) {
        return Receipts.hash(canonical(statement));
    }

    /**
     * Where {@code theirs}, the partner's statement, first departs from {@code ours}: a receipt one side holds and
     * the other does not, a receipt whose content differs, then the totals; empty when the two are the same.
     */
    public static Optional<SettlementDifference> firstDifference(Statement ours, Statement theirs, String partner) {
        if (!ours.month().equals(theirs.month()) || !ours.labs().equals(theirs.labs())) {
            return Optional.of(new SettlementDifference(SettlementDifference.Kind.OTHER_STATEMENT, Map.of(
                    "ours", ours.month() + " " + ours.labs(), "theirs", theirs.month() + " " + theirs.labs())));
        }
        int i = 0;
        int j = 0;
        while (i < ours.visits().size() || j < theirs.visits().size()) {
            Visit mine = i < ours.visits().size() ? ours.visits().get(i) : null;
            Visit other = j < theirs.visits().size() ? theirs.visits().get(j) : null;
            int order = mine == null ? 1 : other == null ? -1 : ORDER.compare(mine, other);
            if (order < 0) {
                return Optional.of(new SettlementDifference(SettlementDifference.Kind.MISSING_THERE, Map.of(
                        "receipt", mine.receiptId(), "host", mine.host(), "partner", partner)));
            }
            if (order > 0) {
                return Optional.of(new SettlementDifference(SettlementDifference.Kind.MISSING_HERE, Map.of(
                        "receipt", other.receiptId(), "host", other.host())));
            }
            if (!mine.equals(other)) {
                return Optional.of(new SettlementDifference(SettlementDifference.Kind.RECEIPT_DIFFERS, Map.of(
                        "receipt", mine.receiptId(), "host", mine.host(), "ourHash", mine.hash(),
                        "theirHash", other.hash(), "partner", partner)));
            }
            i++;
            j++;
        }
        if (!ours.directions().equals(theirs.directions()) || !ours.balances().equals(theirs.balances())) {
            return Optional.of(new SettlementDifference(SettlementDifference.Kind.TOTALS_DIFFER, Map.of()));
        }
        return Optional.empty();
    }
}

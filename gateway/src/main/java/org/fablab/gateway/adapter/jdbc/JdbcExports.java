package org.fablab.gateway.adapter.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.fablab.gateway.billing.ChargeRow;
import org.fablab.gateway.billing.ConsumableRow;
import org.fablab.gateway.billing.Journal;
import org.fablab.gateway.billing.LedgerChain;
import org.fablab.gateway.billing.LedgerKind;
import org.fablab.gateway.billing.MemberTotalsRow;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.port.ExportStore;

/**
 * {@link ExportStore} over JDBC. A ledger member missing from {@code members} is shown by its id, as name and as
 * number, so that no entry is left out of an export.
 */
public final class JdbcExports implements ExportStore {
    /** The sequence a correction reverses ({@code reversal:<sequence>}), null for any other entry. */
    static final String REVERSED = """
            case when e.kind = 'correction' and e.cause like 'reversal:%' then cast(substr(e.cause, 10) as bigint) end""";
    /**
     * The charges query; its parameters are the first and last date (ISO text) and the head's sequence. Public so
     * that a benchmark can time the same query in another client as its baseline.
     */
    public static final String CHARGES = """
            select e.sequence, e.entry_date, e.member_id, e.amount_cents, e.cause, e.label, e.vat_basis_points,
                   coalesce(m.display_name, pl.name) as display_name, m.number, l.session_id, l.quantity, l.unit,
                   l.unit_price_cents,
                   mc.name as machine_name, r.cause as reversed_cause, r.label as reversed_label, l.item_id, i.label as item_label
            from ledger_entries e
            left join ledger_entries r on r.sequence = %1$s
            left join charge_lines l on l.ledger_sequence = coalesce(%1$s, e.sequence)
            left join members m on m.id = e.member_id
            left join partners pl on 'network:' || pl.id = e.member_id
            left join machines mc on mc.id = l.machine_id
            left join consumable_items i on i.id = l.item_id
            where e.kind in ('charge', 'correction') and e.entry_date >= ? and e.entry_date <= ? and e.sequence <= ?
            order by e.sequence""".formatted(REVERSED);
    private static final String CONSUMABLES = """
            select c.id, c.member_id, c.session_id, c.item_id, c.quantity, c.recorded_at,
                   i.label as item_label, i.unit as item_unit, i.unit_price_cents as item_price,
                   i.vat_basis_points as item_vat, m.display_name, m.number, mc.name as machine_name,
                   l.unit_price_cents, e.amount_cents, e.vat_basis_points
            from consumable_records c
            left join consumable_items i on i.id = c.item_id
            left join members m on m.id = c.member_id
            left join nodes n on n.id = c.node_id
            left join machines mc on mc.id = n.machine_id
            left join charge_lines l on l.cause = 'consumable:' || c.id and l.ledger_sequence <= ?
            left join ledger_entries e on e.sequence = l.ledger_sequence
            where c.recorded_at >= ? and c.recorded_at < ?
            order by c.recorded_at, c.id""";
    private static final String MEMBER_TOTALS = """
            select e.member_id, coalesce(m.display_name, pl.name) as display_name, m.number,
                   sum(case when e.kind = 'charge' then e.amount_cents else 0 end) as charges,
                   sum(case when e.kind = 'credit' then e.amount_cents else 0 end) as credits,
                   sum(case when e.kind = 'payment' then e.amount_cents else 0 end) as payments,
                   sum(case when e.kind = 'correction' then e.amount_cents else 0 end) as corrections
            from ledger_entries e
            left join members m on m.id = e.member_id
            left join partners pl on 'network:' || pl.id = e.member_id
            where e.entry_date >= ? and e.entry_date <= ? and e.sequence <= ?
            group by e.member_id, m.display_name, pl.name, m.number
            order by case when m.number is null then 1 else 0 end, m.number, e.member_id""";
    private static final String POSTINGS = """
            select e.sequence, e.entry_date, e.member_id, e.kind, e.amount_cents, e.currency, e.cause, e.label,
                   e.vat_basis_points, e.previous_hash, e.hash, coalesce(m.display_name, pl.name) as display_name,
                   m.number, r.kind as reversed_kind
            from ledger_entries e
            left join ledger_entries r on r.sequence = %s
            left join members m on m.id = e.member_id
            left join partners pl on 'network:' || pl.id = e.member_id
            where e.entry_date >= ? and e.entry_date <= ? and e.sequence <= ?
            order by e.sequence""".formatted(REVERSED);

    private final DataSource dataSource;
    private final ZoneId zone;

    /** @param zone the lab's: consumable uses are dated by the local day they were recorded on */
    public JdbcExports(DataSource dataSource, ZoneId zone) {
        this.dataSource = dataSource;
        this.zone = zone;
    }

    @Override
    public <T> T charges(LocalDate from, LocalDate to, Reader<ChargeRow, T> reader) {
        return Sql.cursor(dataSource, c -> {
            Head head = head(c);
            Days days = new Days();
            return Sql.stream(c, CHARGES, rs -> charge(rs, days), rows -> reader.read(head, rows), from, to,
                    head.sequence());
        });
    }

    @Override
    public <T> T consumables(LocalDate from, LocalDate to, Reader<ConsumableRow, T> reader) {
        Instant start = from.atStartOfDay(zone).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(zone).toInstant();
        return Sql.cursor(dataSource, c -> {
            Head head = head(c);
            return Sql.stream(c, CONSUMABLES, this::consumable, rows -> reader.read(head, rows), head.sequence(),
                    start, end);
        });
    }

    @Override
    public <T> T memberTotals(LocalDate from, LocalDate to, Reader<MemberTotalsRow, T> reader) {
        return Sql.cursor(dataSource, c -> {
            Head head = head(c);
            return Sql.stream(c, MEMBER_TOTALS, rs -> new MemberTotalsRow(memberName(rs), memberNumber(rs),
                    rs.getLong("charges"), rs.getLong("credits"), rs.getLong("payments"), rs.getLong("corrections")),
                    rows -> reader.read(head, rows), from, to, head.sequence());
        });
    }

    @Override
    public <T> T postings(LocalDate from, LocalDate to, Reader<Journal.Posting, T> reader) {
        return Sql.cursor(dataSource, c -> {
            Head head = head(c);
            return Sql.stream(c, POSTINGS, rs -> new Journal.Posting(JdbcLedgerStore.entry(rs), memberName(rs),
                    memberNumber(rs), Optional.ofNullable(rs.getString("reversed_kind")).map(LedgerKind::fromWire)),
                    rows -> reader.read(head, rows), from, to, head.sequence());
        });
    }

    @Override
    public void audit(AuditEntry entry) {
        Sql.audit(dataSource, entry);
    }

    private static Head head(Connection c) throws SQLException {
        return Sql.one(c, "select sequence, hash from ledger_entries order by sequence desc limit 1",
                rs -> new Head(rs.getLong("sequence"), rs.getString("hash"))).orElse(new Head(0, LedgerChain.GENESIS));
    }

    private static ChargeRow charge(ResultSet rs, Days days) throws SQLException {
        LocalDate date = days.parse(rs.getString("entry_date"));
        long amount = rs.getLong("amount_cents");
        int vat = rs.getInt("vat_basis_points");
        long quantity = rs.getLong("quantity");
        if (rs.wasNull()) {
            // a charge without lines (a plan fee) is one unit of its own amount
            String cause = Optional.ofNullable(rs.getString("reversed_cause")).orElse(rs.getString("cause"));
            String unit = cause.startsWith("plan-fee:") ? "month" : rs.getString("label");
            // what a reversal takes back is named as the entry it reverses names it
            String item = Optional.ofNullable(rs.getString("reversed_label")).orElse(rs.getString("label"));
            return new ChargeRow(date, memberName(rs), memberNumber(rs), null, null, item, 1, unit, Math.abs(amount),
                    vat, amount);
        }
        String machine = rs.getString("machine_name");
        String item = Stream.of(rs.getString("item_label"), rs.getString("item_id"), machine, rs.getString("label"))
                .filter(Objects::nonNull).findFirst().orElseThrow();
        return new ChargeRow(date, memberName(rs), memberNumber(rs), machine, rs.getString("session_id"), item, quantity,
                rs.getString("unit"), rs.getLong("unit_price_cents"), vat, amount);
    }

    private ConsumableRow consumable(ResultSet rs) throws SQLException {
        LocalDate date = Instant.ofEpochMilli(rs.getLong("recorded_at")).atZone(zone).toLocalDate();
        String item = Optional.ofNullable(rs.getString("item_label")).orElse(rs.getString("item_id"));
        String unit = Optional.ofNullable(rs.getString("item_unit")).orElse("unit");
        long amount = rs.getLong("amount_cents");
        boolean charged = !rs.wasNull();
        long price = charged ? rs.getLong("unit_price_cents") : rs.getLong("item_price");
        int vat = charged ? rs.getInt("vat_basis_points") : rs.getInt("item_vat");
        Optional<String> member = Optional.ofNullable(rs.getString("member_id"));
        return new ConsumableRow(date, member.isPresent() ? memberName(rs) : null,
                member.isPresent() ? memberNumber(rs) : null, rs.getString("machine_name"), rs.getString("session_id"),
                item, rs.getLong("quantity"), unit, price, vat, charged ? amount : 0);
    }

    private static String memberName(ResultSet rs) throws SQLException {
        String name = rs.getString("display_name");
        return name != null ? name : rs.getString("member_id");
    }

    private static String memberNumber(ResultSet rs) throws SQLException {
        long number = rs.getLong("number");
        return rs.wasNull() ? rs.getString("member_id") : Long.toString(number);
    }

    /** Parses ISO dates, remembering the last one: rows in ledger order come by the thousand per day. */
    private static final class Days {
        private String text = "";
        private LocalDate day;

        LocalDate parse(String iso) {
            if (!iso.equals(text)) {
                day = LocalDate.parse(iso);
                text = iso;
            }
            return day;
        }
    }
}

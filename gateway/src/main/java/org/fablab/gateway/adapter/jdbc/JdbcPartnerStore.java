package org.fablab.gateway.adapter.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.fablab.gateway.access.BadgeStatus;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.gateway.network.Equivalence;
import org.fablab.gateway.network.NetworkBadge;
import org.fablab.gateway.network.Partner;
import org.fablab.gateway.network.ReceivedPass;
import org.fablab.gateway.network.TravelFacts;
import org.fablab.gateway.network.Visitor;
import org.fablab.gateway.network.VisitPricing;
import org.fablab.gateway.network.VisitorPolicy;
import org.fablab.gateway.port.NotFound;
import org.fablab.gateway.port.PartnerStore;
import org.fablab.protocol.CredentialId;
import org.fablab.protocol.network.VisitorPasses;

/**
 * {@link PartnerStore} over {@code partners}, {@code partner_equivalences}, {@code partner_pass_lists},
 * {@code partner_visitors} and {@code partner_pass_versions}. A pass list replaces the previous one in one transaction
 * whose upsert of the held version is conditional on the new one being higher, so of two instances storing the same
 * redelivered list, one stores it and the other finds it held.
 */
public final class JdbcPartnerStore implements PartnerStore {
    private static final String PARTNERS = """
            select id, name, public_key, fingerprint, visitors, added_at, free_minutes_per_month, visitor_plans,
                   visit_pricing
              from partners""";
    private final DataSource dataSource;

    public JdbcPartnerStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public List<Partner> partners() {
        return Sql.read(dataSource, c -> Sql.list(c, PARTNERS + " order by id", JdbcPartnerStore::partner));
    }

    @Override
    public Optional<Partner> partner(String id) {
        return Sql.read(dataSource, c -> Sql.one(c, PARTNERS + " where id = ?", JdbcPartnerStore::partner, id));
    }

    @Override
    public void add(Partner partner, AuditEntry audit) {
        Sql.transaction(dataSource, ErrorCode.PARTNER_EXISTS.with(partner.id()), c -> {
            requirePlans(c, partner.visitorPlans());
            Sql.update(c, """
                    insert into partners (id, name, public_key, fingerprint, visitors, added_at,
                                          free_minutes_per_month, visitor_plans, visit_pricing)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?)""", partner.id(), partner.name(), partner.publicKey(),
                    partner.fingerprint(), partner.visitors().wire(), partner.addedAt(),
                    partner.freeMinutesPerMonth(), String.join(",", partner.visitorPlans()),
                    partner.visitPricing().wire());
            Sql.audit(c, audit);
            return null;
        });
    }

    @Override
    public void setTerms(String id, VisitorPolicy visitors, long freeMinutesPerMonth, List<String> visitorPlans,
                         VisitPricing visitPricing, AuditEntry audit) {
        Sql.transaction(dataSource, ErrorCode.CHANGED_MEANWHILE.with(), c -> {
            requirePlans(c, visitorPlans);
            if (Sql.update(c, """
                    update partners set visitors = ?, free_minutes_per_month = ?, visitor_plans = ?, visit_pricing = ?
                     where id = ?""", visitors.wire(), freeMinutesPerMonth, String.join(",", visitorPlans),
                    visitPricing.wire(), id) == 0) {
                throw new NotFound(ErrorCode.PARTNER_NOT_FOUND, id);
            }
            Sql.audit(c, audit);
            return null;
        });
    }

    /** @throws NotFound naming the first of {@code planIds} that is not one of our plans */
    private static void requirePlans(Connection c, List<String> planIds) throws SQLException {
        for (String planId : planIds) {
            if (Sql.one(c, "select id from plans where id = ?", rs -> 1, planId).isEmpty()) {
                throw new NotFound(ErrorCode.PLAN_NOT_FOUND, planId);
            }
        }
    }

    @Override
    public void remove(String id, AuditEntry audit) {
        Sql.transaction(dataSource, ErrorCode.CHANGED_MEANWHILE.with(), c -> {
            for (String table : List.of("partner_equivalences", "partner_visitors", "partner_pass_lists",
                    "partner_pass_versions")) {
                Sql.update(c, "delete from " + table + " where partner_id = ?", id);
            }
            if (Sql.update(c, "delete from partners where id = ?", id) == 0) {
                throw new NotFound(ErrorCode.PARTNER_NOT_FOUND, id);
            }
            Sql.audit(c, audit);
            return null;
        });
    }

    @Override
    public List<Equivalence> equivalences(String partnerId) {
        return Sql.read(dataSource, c -> equivalences(c, partnerId));
    }

    private static List<Equivalence> equivalences(Connection c, String partnerId) throws SQLException {
        return Sql.list(c, """
                select their_training, our_training from partner_equivalences where partner_id = ?
                 order by their_training, our_training""",
                rs -> new Equivalence(rs.getString(1), rs.getString(2)), partnerId);
    }

    @Override
    public void setEquivalences(String partnerId, List<Equivalence> equivalences, AuditEntry audit) {
        Sql.transaction(dataSource, ErrorCode.CHANGED_MEANWHILE.with(), c -> {
            if (Sql.one(c, "select id from partners where id = ?", rs -> 1, partnerId).isEmpty()) {
                throw new NotFound(ErrorCode.PARTNER_NOT_FOUND, partnerId);
            }
            Sql.update(c, "delete from partner_equivalences where partner_id = ?", partnerId);
            for (Equivalence equivalence : equivalences.stream().distinct().toList()) {
                if (Sql.one(c, "select id from trainings where id = ?", rs -> 1, equivalence.ourTraining()).isEmpty()) {
                    throw new NotFound(ErrorCode.TRAINING_NOT_FOUND, equivalence.ourTraining());
                }
                Sql.update(c, """
                        insert into partner_equivalences (partner_id, their_training, our_training) values (?, ?, ?)""",
                        partnerId, equivalence.theirTraining(), equivalence.ourTraining());
            }
            Sql.audit(c, audit);
            return null;
        });
    }

    @Override
    public boolean savePasses(VisitorPasses passes, Instant receivedAt) {
        return Sql.transaction(dataSource, ErrorCode.CHANGED_MEANWHILE.with(), c -> {
            if (Sql.one(c, "select id from partners where id = ?", rs -> 1, passes.from()).isEmpty()) {
                return false;
            }
            // one statement, so that of two instances storing the same list the second finds it held, on a first list
            // (the insert) as on a later one (the conditional update)
            if (Sql.update(c, """
                    insert into partner_pass_lists (partner_id, version, issued_at, valid_until, received_at)
                    values (?, ?, ?, ?, ?)
                    on conflict (partner_id) do update set version = excluded.version, issued_at = excluded.issued_at,
                           valid_until = excluded.valid_until, received_at = excluded.received_at
                     where partner_pass_lists.version < excluded.version""", passes.from(), passes.version(),
                    passes.ts(), passes.validUntil(), receivedAt) == 0) {
                return false;
            }
            Sql.update(c, "delete from partner_visitors where partner_id = ?", passes.from());
            for (VisitorPasses.Pass pass : passes.passes()) {
                Sql.update(c, """
                        insert into partner_visitors (partner_id, credential_hash, visitor_id, display_name, trainings)
                        values (?, ?, ?, ?, ?)""", passes.from(), pass.credentialHash(), pass.visitorId(),
                        pass.displayName(), String.join(" ", pass.trainings()));
            }
            return true;
        });
    }

    @Override
    public List<HeldList> heldLists() {
        return Sql.read(dataSource, c -> Sql.list(c, """
                select l.partner_id, l.version, l.issued_at, l.valid_until, l.received_at,
                       (select count(*) from partner_visitors v where v.partner_id = l.partner_id) as passes
                  from partner_pass_lists l order by l.partner_id""",
                rs -> new HeldList(rs.getString("partner_id"), rs.getLong("version"), Sql.instant(rs, "issued_at"),
                        Sql.instant(rs, "valid_until"), Sql.instant(rs, "received_at"), rs.getInt("passes"))));
    }

    @Override
    public long nextPassVersion(String partnerId, long floor) {
        return Sql.transaction(dataSource, ErrorCode.CHANGED_MEANWHILE.with(), c -> {
            // one atomic upsert, so two instances asking at once get two versions, never a unique violation
            Sql.update(c, """
                    insert into partner_pass_versions (partner_id, version) values (?, ?)
                    on conflict (partner_id) do update set version = case
                        when partner_pass_versions.version + 1 > excluded.version then partner_pass_versions.version + 1
                        else excluded.version end""", partnerId, Math.max(floor, 1));
            return Sql.one(c, "select version from partner_pass_versions where partner_id = ?", rs -> rs.getLong(1),
                    partnerId).orElseThrow();
        });
    }

    @Override
    public List<NetworkBadge> networkBadges() {
        return Sql.read(dataSource, c -> Sql.list(c, """
                select member_id, credential_type, uid, status from badges where uid is not null
                 order by member_id, credential_hash""",
                rs -> new NetworkBadge(rs.getString("member_id"),
                        CredentialId.of(rs.getString("credential_type"), rs.getString("uid")),
                        BadgeStatus.fromWire(rs.getString("status")))));
    }

    @Override
    public List<TravelFacts> travelFacts() {
        return Sql.read(dataSource, c -> Sql.list(c, """
                select id, network_visits, plan_id from members where network_visits = ? or plan_id is not null
                 order by id""", rs -> new TravelFacts(rs.getString("id"), rs.getBoolean("network_visits"),
                rs.getString("plan_id")), true));
    }

    /**
     * The visitors of every partner's held list, trainings mapped through that partner's equivalences; read on the
     * caller's connection, inside its consistent read of the access facts.
     */
    static List<Visitor> visitors(Connection c) throws SQLException {
        Map<String, List<Equivalence>> equivalences = new HashMap<>();
        Sql.list(c, "select partner_id, their_training, our_training from partner_equivalences", rs -> {
            equivalences.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                    .add(new Equivalence(rs.getString(2), rs.getString(3)));
            return null;
        });
        return Sql.list(c, """
                select v.partner_id, v.credential_hash, v.visitor_id, v.display_name, v.trainings, l.issued_at,
                       l.valid_until
                  from partner_visitors v join partner_pass_lists l on l.partner_id = v.partner_id
                 order by v.partner_id, v.credential_hash""", JdbcPartnerStore::receivedPass).stream()
                .map(pass -> pass.visitor(equivalences.getOrDefault(pass.partnerId(), List.of())))
                .collect(Collectors.toList());
    }

    private static ReceivedPass receivedPass(ResultSet rs) throws SQLException {
        String trainings = rs.getString("trainings");
        return new ReceivedPass(rs.getString("partner_id"), rs.getString("credential_hash"), rs.getString("visitor_id"),
                rs.getString("display_name"), trainings.isEmpty() ? List.of() : Arrays.asList(trainings.split(" ")),
                Sql.instant(rs, "issued_at"), Sql.instant(rs, "valid_until"));
    }

    private static Partner partner(ResultSet rs) throws SQLException {
        return new Partner(rs.getString("id"), rs.getString("name"), rs.getString("public_key"),
                rs.getString("fingerprint"), VisitorPolicy.fromWire(rs.getString("visitors")),
                Sql.instant(rs, "added_at"), rs.getLong("free_minutes_per_month"),
                rs.getString("visitor_plans").isEmpty() ? List.of()
                        : Arrays.asList(rs.getString("visitor_plans").split(",")),
                VisitPricing.fromWire(rs.getString("visit_pricing")));
    }
}

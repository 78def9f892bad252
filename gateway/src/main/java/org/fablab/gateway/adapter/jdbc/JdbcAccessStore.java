package org.fablab.gateway.adapter.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.fablab.gateway.access.BadgeStatus;
import org.fablab.gateway.access.Certification;
import org.fablab.gateway.access.CertificationStatus;
import org.fablab.gateway.access.MachineAvailability;
import org.fablab.gateway.access.MachineFacts;
import org.fablab.gateway.access.MemberFacts;
import org.fablab.gateway.access.OpeningRules;
import org.fablab.gateway.access.Training;
import org.fablab.gateway.access.TrainingCategory;
import org.fablab.gateway.access.TrainingValidity;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.domain.Badge;
import org.fablab.gateway.domain.CodedMessage;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.gateway.domain.NodeMode;
import org.fablab.gateway.domain.PeerTraining;
import org.fablab.gateway.port.AccessStore;
import org.fablab.gateway.port.NotFound;
import org.fablab.protocol.CredentialRef;

/** {@link AccessStore} over JDBC, one dialect for SQLite and PostgreSQL. */
public final class JdbcAccessStore implements AccessStore {
    private static final String CERTIFICATIONS = """
            select c.id, c.member_id, c.training_id, c.granted_by, c.granted_by_name, c.granted_at,
                   c.valid_until_override, c.status, m.display_name as member_name, t.name as training_name
              from certifications c join members m on m.id = c.member_id join trainings t on t.id = c.training_id""";
    private static final String BADGES = """
            select credential_hash, member_id, credential_type, label, status, enrolled_at, uid from badges""";

    private final DataSource dataSource;

    public JdbcAccessStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Snapshot snapshot() {
        return Sql.read(dataSource, c -> {
            c.setAutoCommit(false);
            try {
                Map<String, Map<String, Instant>> lastUse = new HashMap<>();
                Sql.list(c, """
                        select s.member_id, m.kind, max(s.started_at) as last_start from sessions s
                          join machines m on m.id = s.machine_id
                         where s.member_id is not null group by s.member_id, m.kind""", rs -> {
                    lastUse.computeIfAbsent(rs.getString("member_id"), k -> new HashMap<>())
                            .put(rs.getString("kind"), Sql.instant(rs, "last_start"));
                    return null;
                });
                return new Snapshot(
                        Sql.list(c, "select id, kind, availability, trainer_present_seconds from machines",
                                JdbcAccessStore::machineFacts),
                        trainings(c),
                        Sql.list(c, "select id, display_name, active, valid_until from members",
                                rs -> new MemberFacts(rs.getString("id"), rs.getString("display_name"),
                                        rs.getBoolean("active"), Sql.date(rs, "valid_until"))),
                        Sql.list(c, "select credential_hash, member_id, status from badges",
                                rs -> new BadgeOwner(rs.getString("credential_hash"), rs.getString("member_id"),
                                        BadgeStatus.fromWire(rs.getString("status")))),
                        Sql.list(c, CERTIFICATIONS, JdbcAccessStore::certification),
                        trainers(c), lastUse, opening(c), JdbcPartnerStore.visitors(c));
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        });
    }

    @Override
    public List<Training> trainings() {
        return Sql.read(dataSource, JdbcAccessStore::trainings);
    }

    @Override
    public void createTraining(Training training, AuditEntry audit) {
        Sql.transaction(dataSource, ErrorCode.TRAINING_EXISTS.with(training.id()), c -> {
            Sql.update(c, """
                    insert into trainings (id, name, category, validity_kind, validity_days, validity_until)
                    values (?, ?, ?, ?, ?, ?)""", training.id(), training.name(), training.category().wire(),
                    training.validity().kind(), training.validity().days(), training.validity().until());
            insertKinds(c, training);
            Sql.audit(c, audit);
            return null;
        });
    }

    @Override
    public void updateTraining(Training training, AuditEntry audit) {
        Sql.transaction(dataSource, ErrorCode.CHANGED_MEANWHILE.with(), c -> {
            if (Sql.update(c, """
                    update trainings set name = ?, category = ?, validity_kind = ?, validity_days = ?, validity_until = ?
                     where id = ?""", training.name(), training.category().wire(), training.validity().kind(),
                    training.validity().days(), training.validity().until(), training.id()) == 0) {
                throw new NotFound(ErrorCode.TRAINING_NOT_FOUND, training.id());
            }
            Sql.update(c, "delete from training_machine_kinds where training_id = ?", training.id());
            insertKinds(c, training);
            Sql.audit(c, audit);
            return null;
        });
    }

    @Override
    public List<TrainerRight> trainers() {
        return Sql.read(dataSource, JdbcAccessStore::trainers);
    }

    @Override
    public void addTrainer(String trainingId, String memberId, AuditEntry audit) {
        Sql.transaction(dataSource, ErrorCode.TRAINER_EXISTS.with(), c -> {
            requireExists(c, "trainings", trainingId, ErrorCode.TRAINING_NOT_FOUND.with(trainingId));
            requireExists(c, "members", memberId, ErrorCode.MEMBER_NOT_FOUND.with(memberId));
            Sql.update(c, """
                    insert into trainers (training_id, member_id) values (?, ?)
                    on conflict (training_id, member_id) do nothing""", trainingId, memberId);
            Sql.audit(c, audit);
            return null;
        });
    }

    @Override
    public void removeTrainer(String trainingId, String memberId, AuditEntry audit) {
        Sql.transaction(dataSource, ErrorCode.REQUEST_CONFLICT.with(), c -> {
            if (Sql.update(c, "delete from trainers where training_id = ? and member_id = ?", trainingId, memberId) == 0) {
                throw new NotFound(ErrorCode.TRAINER_NOT_FOUND, memberId, trainingId);
            }
            Sql.audit(c, audit);
            return null;
        });
    }

    @Override
    public List<StoredCertification> certifications(Optional<String> memberId, Optional<String> trainingId) {
        StringBuilder sql = new StringBuilder(CERTIFICATIONS).append(" where 1 = 1");
        List<Object> parameters = new ArrayList<>();
        memberId.ifPresent(id -> {
            sql.append(" and c.member_id = ?");
            parameters.add(id);
        });
        trainingId.ifPresent(id -> {
            sql.append(" and c.training_id = ?");
            parameters.add(id);
        });
        sql.append(" order by c.granted_at desc, c.id");
        return Sql.read(dataSource, c -> Sql.list(c, sql.toString(), rs -> new StoredCertification(certification(rs),
                rs.getString("member_name"), rs.getString("training_name"), rs.getString("granted_by_name")),
                parameters.toArray()));
    }

    @Override
    public void grant(Certification certification, String grantedByName, AuditEntry audit) {
        Sql.transaction(dataSource, ErrorCode.CHANGED_MEANWHILE.with(), c -> {
            requireExists(c, "members", certification.memberId(),
                    ErrorCode.MEMBER_NOT_FOUND.with(certification.memberId()));
            requireExists(c, "trainings", certification.trainingId(),
                    ErrorCode.TRAINING_NOT_FOUND.with(certification.trainingId()));
            Sql.update(c, """
                    insert into certifications (id, member_id, training_id, granted_by, granted_by_name, granted_at,
                                                valid_until_override, status)
                    values (?, ?, ?, ?, ?, ?, ?, ?)""", certification.id(), certification.memberId(),
                    certification.trainingId(), certification.grantedBy(), grantedByName, certification.grantedAt(),
                    certification.validUntilOverride(), certification.status().wire());
            Sql.audit(c, audit);
            return null;
        });
    }

    @Override
    public void revoke(String memberId, String certificationId, Instant at, String revokedBy, String reason,
                       AuditEntry audit) {
        Sql.transaction(dataSource, ErrorCode.REQUEST_CONFLICT.with(), c -> {
            if (Sql.update(c, """
                    update certifications set status = ?, revoked_at = ?, revoked_by = ?, revoke_reason = ?
                     where id = ? and member_id = ?""", CertificationStatus.REVOKED.wire(), at, revokedBy, reason,
                    certificationId, memberId) == 0) {
                throw new NotFound(ErrorCode.CERTIFICATION_NOT_FOUND, certificationId);
            }
            Sql.audit(c, audit);
            return null;
        });
    }

    @Override
    public List<Badge> badges(String memberId) {
        return Sql.read(dataSource, c -> Sql.list(c, BADGES + " where member_id = ? order by enrolled_at",
                JdbcAccessStore::badge, memberId));
    }

    @Override
    public Badge enroll(String memberId, CredentialRef credential, String uid, String label, Instant at,
                        AuditEntry audit) {
        return Sql.transaction(dataSource, ErrorCode.BADGE_ENROLLED.with(), c -> {
            requireExists(c, "members", memberId, ErrorCode.MEMBER_NOT_FOUND.with(memberId));
            Sql.update(c, """
                    insert into badges (credential_hash, credential_type, member_id, uid, label, status, enrolled_at)
                    values (?, ?, ?, ?, ?, ?, ?)""", credential.hash(), credential.type(), memberId, uid, label,
                    BadgeStatus.ACTIVE.wire(), at);
            Sql.audit(c, audit);
            return Sql.one(c, BADGES + " where credential_hash = ?", JdbcAccessStore::badge, credential.hash())
                    .orElseThrow();
        });
    }

    @Override
    public Optional<BadgeHolder> badgeHolder(String credentialHash) {
        return Sql.read(dataSource, c -> Sql.one(c, """
                select m.id, m.display_name, m.number from badges b join members m on m.id = b.member_id
                 where b.credential_hash = ?""", rs -> new BadgeHolder(rs.getString(1), rs.getString(2),
                rs.getLong(3)), credentialHash));
    }

    @Override
    public Badge setBadgeStatus(String memberId, String badgeId, BadgeStatus status, String reason, AuditEntry audit) {
        return Sql.transaction(dataSource, ErrorCode.REQUEST_CONFLICT.with(), c -> {
            String hash = Sql.list(c, "select credential_hash from badges where member_id = ?", rs -> rs.getString(1),
                            memberId).stream()
                    .filter(h -> Badge.idOf(h).equals(badgeId)).findFirst()
                    .orElseThrow(() -> new NotFound(ErrorCode.BADGE_NOT_FOUND, memberId, badgeId));
            Sql.update(c, "update badges set status = ?, status_reason = ? where credential_hash = ?", status.wire(),
                    reason, hash);
            Sql.audit(c, audit);
            return Sql.one(c, BADGES + " where credential_hash = ?", JdbcAccessStore::badge, hash).orElseThrow();
        });
    }

    @Override
    public Optional<BadgeOwner> badgeOwner(String credentialHash) {
        return Sql.read(dataSource, c -> Sql.one(c, "select credential_hash, member_id, status from badges"
                + " where credential_hash = ?", rs -> new BadgeOwner(rs.getString("credential_hash"),
                rs.getString("member_id"), BadgeStatus.fromWire(rs.getString("status"))), credentialHash));
    }

    @Override
    public List<MachineAccess> machines() {
        return Sql.read(dataSource, c -> Sql.list(c,
                "select id, kind, availability, trainer_present_seconds, availability_reason from machines order by id",
                rs -> new MachineAccess(machineFacts(rs), rs.getString("availability_reason"))));
    }

    @Override
    public void setAvailability(String machineId, MachineAvailability availability, String reason, AuditEntry audit) {
        Sql.transaction(dataSource, ErrorCode.REQUEST_CONFLICT.with(), c -> {
            if (Sql.update(c, "update machines set availability = ?, availability_reason = ? where id = ?",
                    availability.wire(), reason, machineId) == 0) {
                throw new NotFound(ErrorCode.MACHINE_NOT_FOUND, machineId);
            }
            Sql.audit(c, audit);
            return null;
        });
    }

    @Override
    public void audit(AuditEntry entry) {
        Sql.audit(dataSource, entry);
    }

    @Override
    public List<NodeMode> modes() {
        return Sql.read(dataSource, c -> Sql.list(c, "select * from node_modes order by node_id", JdbcAccessStore::mode));
    }

    @Override
    public Optional<NodeMode> mode(String nodeId) {
        return Sql.read(dataSource, c -> Sql.one(c, "select * from node_modes where node_id = ?", JdbcAccessStore::mode,
                nodeId));
    }

    @Override
    public void saveMode(NodeMode mode, Optional<AuditEntry> audit) {
        Sql.transaction(dataSource, ErrorCode.REQUEST_CONFLICT.with(), c -> {
            if (mode.mode() == NodeMode.Kind.NORMAL) {
                Sql.update(c, "delete from node_modes where node_id = ?", mode.nodeId());
            } else {
                Sql.update(c, """
                        insert into node_modes (node_id, kind, ends_at, member_id, training_id, set_by)
                        values (?, ?, ?, ?, ?, ?)
                        on conflict (node_id) do update set kind = excluded.kind, ends_at = excluded.ends_at,
                            member_id = excluded.member_id, training_id = excluded.training_id,
                            set_by = excluded.set_by, trainer_member_id = null, trainer_badged_at = null""", mode.nodeId(), mode.mode().wire(), mode.until(),
                        mode.memberId(), mode.trainingId(), mode.setBy());
            }
            if (audit.isPresent()) {
                Sql.audit(c, audit.get());
            }
            return null;
        });
    }

    @Override
    public void saveTrainerBadge(String nodeId, String trainingId, PeerTraining.TrainerBadge badge) {
        Sql.transaction(dataSource, ErrorCode.REQUEST_CONFLICT.with(), c -> Sql.update(c, """
                update node_modes set trainer_member_id = ?, trainer_badged_at = ?
                where node_id = ? and kind = ? and training_id = ?""", badge.memberId(), badge.at(), nodeId,
                NodeMode.Kind.TRAIN.wire(), trainingId));
    }

    @Override
    public Optional<PeerTraining.TrainerBadge> trainerBadge(String nodeId) {
        return Sql.read(dataSource, c -> Sql.one(c, """
                select trainer_member_id, trainer_badged_at from node_modes
                where node_id = ? and trainer_member_id is not null""", rs -> new PeerTraining.TrainerBadge(
                rs.getString("trainer_member_id"), Sql.instant(rs, "trainer_badged_at")), nodeId));
    }

    @Override
    public boolean claimTrainerBadge(String nodeId, PeerTraining.TrainerBadge badge) {
        // one conditional update: on PostgreSQL a racing one waits for the row, then finds the badge gone and changes
        // no row; SQLite runs one writer at a time
        return Sql.transaction(dataSource, ErrorCode.REQUEST_CONFLICT.with(), c -> Sql.update(c, """
                update node_modes set trainer_member_id = null, trainer_badged_at = null
                where node_id = ? and trainer_member_id = ? and trainer_badged_at = ?""", nodeId, badge.memberId(),
                badge.at()) == 1);
    }

    @Override
    public void saveRecentTrainerBadge(String nodeId, PeerTraining.TrainerBadge badge, int keep) {
        Sql.transaction(dataSource, ErrorCode.REQUEST_CONFLICT.with(), c -> {
            Sql.update(c, """
                    insert into recent_trainer_badges (node_id, member_id, badged_at) values (?, ?, ?)
                    on conflict do nothing""", nodeId, badge.memberId(), badge.at());
            return Sql.update(c, """
                    delete from recent_trainer_badges where node_id = ? and badged_at < (select min(badged_at) from
                        (select badged_at from recent_trainer_badges where node_id = ? order by badged_at desc limit ?)
                        newest)""", nodeId, nodeId, keep);
        });
    }

    @Override
    public List<PeerTraining.TrainerBadge> recentTrainerBadges(String nodeId) {
        return Sql.read(dataSource, c -> Sql.list(c, """
                select member_id, badged_at from recent_trainer_badges where node_id = ? order by badged_at""",
                JdbcAccessStore::trainerBadge, nodeId));
    }

    @Override
    public Map<String, List<PeerTraining.TrainerBadge>> recentTrainerBadges() {
        return Sql.read(dataSource, c -> Sql.list(c, """
                select node_id, member_id, badged_at from recent_trainer_badges order by badged_at""",
                rs -> Map.entry(rs.getString("node_id"), trainerBadge(rs)))).stream().collect(Collectors.groupingBy(
                Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
    }

    private static PeerTraining.TrainerBadge trainerBadge(ResultSet rs) throws SQLException {
        return new PeerTraining.TrainerBadge(rs.getString("member_id"), Sql.instant(rs, "badged_at"));
    }

    private static NodeMode mode(ResultSet rs) throws SQLException {
        return new NodeMode(rs.getString("node_id"), NodeMode.Kind.fromWire(rs.getString("kind")),
                Sql.instant(rs, "ends_at"), rs.getString("member_id"), rs.getString("training_id"),
                rs.getString("set_by"));
    }

    private static List<Training> trainings(Connection c) throws SQLException {
        Map<String, Set<String>> kinds = new HashMap<>();
        Sql.list(c, "select training_id, machine_kind from training_machine_kinds", rs -> kinds
                .computeIfAbsent(rs.getString("training_id"), k -> new HashSet<>()).add(rs.getString("machine_kind")));
        return Sql.list(c, "select id, name, category, validity_kind, validity_days, validity_until from trainings"
                + " order by name", rs -> {
            long days = rs.getLong("validity_days");
            Integer validityDays = rs.wasNull() ? null : Math.toIntExact(days);
            return new Training(rs.getString("id"), rs.getString("name"),
                    TrainingCategory.fromWire(rs.getString("category")),
                    kinds.getOrDefault(rs.getString("id"), Set.of()),
                    TrainingValidity.of(rs.getString("validity_kind"), validityDays, Sql.date(rs, "validity_until")));
        });
    }

    private static List<TrainerRight> trainers(Connection c) throws SQLException {
        return Sql.list(c, """
                select t.training_id, t.member_id, m.display_name from trainers t join members m on m.id = t.member_id
                 order by m.display_name""", rs -> new TrainerRight(rs.getString("training_id"),
                rs.getString("member_id"), rs.getString("display_name")));
    }

    private static OpeningRules opening(Connection c) throws SQLException {
        return new OpeningRules(Sql.list(c, "select day_of_week, opens, closes from opening_windows",
                rs -> new OpeningRules.Window(DayOfWeek.of(rs.getInt("day_of_week")),
                        LocalTime.parse(rs.getString("opens")), LocalTime.parse(rs.getString("closes")))));
    }

    private static void insertKinds(Connection c, Training training) throws SQLException {
        for (String kind : training.machineKinds()) {
            Sql.update(c, "insert into training_machine_kinds (training_id, machine_kind) values (?, ?)",
                    training.id(), kind);
        }
    }

    private static void requireExists(Connection c, String table, String id, CodedMessage missing) throws SQLException {
        if (Sql.one(c, "select id from " + table + " where id = ?", rs -> rs.getString(1), id).isEmpty()) {
            throw new NotFound(missing);
        }
    }

    private static MachineFacts machineFacts(ResultSet rs) throws SQLException {
        long seconds = rs.getLong("trainer_present_seconds");
        Duration trainerPresent = rs.wasNull() ? null : Duration.ofSeconds(seconds);
        return new MachineFacts(rs.getString("id"), rs.getString("kind"),
                MachineAvailability.fromWire(rs.getString("availability")), trainerPresent);
    }

    private static Certification certification(ResultSet rs) throws SQLException {
        return new Certification(rs.getString("id"), rs.getString("member_id"), rs.getString("training_id"),
                rs.getString("granted_by"), Sql.instant(rs, "granted_at"), Sql.instant(rs, "valid_until_override"),
                CertificationStatus.fromWire(rs.getString("status")));
    }

    private static Badge badge(ResultSet rs) throws SQLException {
        return new Badge(Badge.idOf(rs.getString("credential_hash")), rs.getString("member_id"),
                rs.getString("credential_type"), rs.getString("label"), BadgeStatus.fromWire(rs.getString("status")),
                Sql.instant(rs, "enrolled_at"), rs.getString("uid"));
    }
}

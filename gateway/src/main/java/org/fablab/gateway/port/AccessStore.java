package org.fablab.gateway.port;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fablab.gateway.access.BadgeStatus;
import org.fablab.gateway.access.Certification;
import org.fablab.gateway.access.MachineAvailability;
import org.fablab.gateway.access.MachineFacts;
import org.fablab.gateway.access.MemberFacts;
import org.fablab.gateway.access.OpeningRules;
import org.fablab.gateway.access.Training;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.domain.Badge;
import org.fablab.gateway.domain.NodeMode;
import org.fablab.gateway.domain.PeerTraining;
import org.fablab.gateway.network.Visitor;
import org.fablab.protocol.CredentialRef;

/**
 * What decides who may use which machine: badges, trainings, certifications, trainer rights, machine
 * availability and opening hours. Every write stores its audit entry in the same transaction.
 * Blocking; thread-safe.
 */
public interface AccessStore {

    record StoredCertification(Certification certification, String memberName, String trainingName,
                               String grantedByName) {
    }

    record TrainerRight(String trainingId, String memberId, String memberName) {
    }

    /** A machine's availability as fabmanagers set it, with their reason. */
    record MachineAccess(MachineFacts facts, String reason) {
    }

    /** Who holds an enrolled badge, as staff name them. */
    record BadgeHolder(String memberId, String displayName, long number) {
    }

    /** The member holding the badge of {@code credentialHash}, whatever its status. */
    Optional<BadgeHolder> badgeHolder(String credentialHash);

    record BadgeOwner(String credentialHash, String memberId, BadgeStatus status) {
    }

    /**
     * Everything the access rules read, in one consistent read.
     *
     * @param lastUse  member id → machine kind → start of their last session on a machine of that kind
     * @param visitors partner labs' members from their latest pass lists, trainings mapped to ours
     */
    record Snapshot(List<MachineFacts> machines, List<Training> trainings, List<MemberFacts> members,
                    List<BadgeOwner> badges, List<Certification> certifications, List<TrainerRight> trainers,
                    Map<String, Map<String, Instant>> lastUse, OpeningRules opening, List<Visitor> visitors) {
    }

    Snapshot snapshot();

    List<Training> trainings();

    /** @throws Conflict when the id is taken */
    void createTraining(Training training, AuditEntry audit);

    /** @throws NotFound when there is no such training */
    void updateTraining(Training training, AuditEntry audit);

    List<TrainerRight> trainers();

    void addTrainer(String trainingId, String memberId, AuditEntry audit);

    void removeTrainer(String trainingId, String memberId, AuditEntry audit);

    List<StoredCertification> certifications(Optional<String> memberId, Optional<String> trainingId);

    void grant(Certification certification, String grantedByName, AuditEntry audit);

    /** @throws NotFound when the member has no such certification */
    void revoke(String memberId, String certificationId, Instant at, String revokedBy, String reason, AuditEntry audit);

    List<Badge> badges(String memberId);

    /**
     * @param uid the canonical UID when it was typed at enrolment, else null
     * @throws Conflict when the credential is already enrolled (for anyone)
     */
    Badge enroll(String memberId, CredentialRef credential, String uid, String label, Instant at, AuditEntry audit);

    /** @throws NotFound when the member has no such badge */
    Badge setBadgeStatus(String memberId, String badgeId, BadgeStatus status, String reason, AuditEntry audit);

    Optional<BadgeOwner> badgeOwner(String credentialHash);

    List<MachineAccess> machines();

    /** @throws NotFound when there is no such machine */
    void setAvailability(String machineId, MachineAvailability availability, String reason, AuditEntry audit);

    /** Appends an entry that goes with no stored change (a node ordered to resync, say). */
    void audit(AuditEntry entry);

    /** Every stored node mode but normal ones, ended ones included (a mode ends on its own). */
    List<NodeMode> modes();

    /** The stored mode of {@code nodeId}, ended or not; empty when it is normal. */
    Optional<NodeMode> mode(String nodeId);

    /**
     * Makes {@code mode} its node's mode, replacing any (a normal one removes it) and forgetting the trainer's badge
     * the one before waited on, with {@code audit} when given.
     */
    void saveMode(NodeMode mode, Optional<AuditEntry> audit);

    /**
     * Keeps {@code badge} as the one the train mode of {@code nodeId} for {@code trainingId} waits on, replacing any
     * earlier one; nothing when the node is no longer in that mode.
     */
    void saveTrainerBadge(String nodeId, String trainingId, PeerTraining.TrainerBadge badge);

    /** The trainer's badge the mode of {@code nodeId} waits on, as {@link #saveTrainerBadge} kept it. */
    Optional<PeerTraining.TrainerBadge> trainerBadge(String nodeId);

    /**
     * Takes {@code badge} from the mode of {@code nodeId} for one trainee, if it is still the one kept there. Of
     * callers racing for one badge, on any gateway instance, exactly one is told true.
     */
    boolean claimTrainerBadge(String nodeId, PeerTraining.TrainerBadge badge);

    /**
     * Keeps {@code badge}, a trainer's badge on {@code nodeId} the trainer-present rule counts, and drops that node's
     * older ones beyond the newest {@code keep}, in one transaction; a badge already kept changes nothing.
     */
    void saveRecentTrainerBadge(String nodeId, PeerTraining.TrainerBadge badge, int keep);

    /** The trainers' recent badges kept for {@code nodeId} by {@link #saveRecentTrainerBadge}, oldest first. */
    List<PeerTraining.TrainerBadge> recentTrainerBadges(String nodeId);

    /** Node id → the trainers' recent badges kept for it, oldest first. */
    Map<String, List<PeerTraining.TrainerBadge>> recentTrainerBadges();
}

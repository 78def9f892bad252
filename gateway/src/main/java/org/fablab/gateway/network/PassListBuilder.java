package org.fablab.gateway.network;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.fablab.gateway.access.BadgeStatus;
import org.fablab.gateway.access.Certification;
import org.fablab.gateway.access.CertificationRules;
import org.fablab.gateway.access.CertificationState;
import org.fablab.gateway.access.LastUse;
import org.fablab.gateway.access.MemberFacts;
import org.fablab.gateway.access.Training;
import org.fablab.gateway.port.AccessStore;
import org.fablab.protocol.CredentialHasher;
import org.fablab.protocol.Message;
import org.fablab.protocol.network.VisitorPasses;

/**
 * The pass list we send a partner: every active badge whose UID we hold, of every member who may use the lab now
 * (active, membership running), with the trainings they hold now by our own rules. Pure; thread-safe.
 */
public final class PassListBuilder {
    private PassListBuilder() {
    }

    /** A pass list and the instant it next changes by itself (a training or membership ending), if any. */
    public record Built(VisitorPasses passes, Optional<Instant> nextChange) {
    }

    public static Built build(String ownLab, Partner partner, AccessStore.Snapshot snapshot, List<NetworkBadge> badges,
                              CredentialHasher networkHasher, long version, Instant now, Duration validity,
                              ZoneId zone) {
        List<VisitorPasses.Pass> passes = new ArrayList<>();
        Optional<Instant> nextChange = Optional.empty();
        if (partner.visitors() == VisitorPolicy.ALL) {
            Map<String, MemberFacts> members = snapshot.members().stream()
                    .collect(Collectors.toMap(MemberFacts::memberId, m -> m));
            Map<String, List<Certification>> certifications = snapshot.certifications().stream()
                    .collect(Collectors.groupingBy(Certification::memberId));
            for (NetworkBadge badge : badges) {
                MemberFacts member = members.get(badge.memberId());
                if (badge.status() != BadgeStatus.ACTIVE || member == null || !member.active()) {
                    continue;
                }
                Optional<Instant> membershipEnd = member.membershipEndsAt(zone);
                if (membershipEnd.filter(end -> !end.isAfter(now)).isPresent()) {
                    continue;
                }
                nextChange = earliest(nextChange, membershipEnd);
                List<String> held = new ArrayList<>();
                Map<String, Instant> lastUse = LastUse.byTraining(snapshot.lastUse()
                        .getOrDefault(member.memberId(), Map.of()), snapshot.trainings());
                for (Training training : snapshot.trainings()) {
                    Optional<CertificationState> best = CertificationRules.best(
                            certifications.getOrDefault(member.memberId(), List.of()), training,
                            Optional.ofNullable(lastUse.get(training.id())), now, zone);
                    if (best.orElse(null) instanceof CertificationState.Valid valid) {
                        held.add(training.id());
                        nextChange = earliest(nextChange, Optional.ofNullable(valid.expiresAt()));
                    }
                }
                held.sort(Comparator.naturalOrder());
                passes.add(new VisitorPasses.Pass(networkHasher.hash(badge.uid(), false).hash(), member.memberId(),
                        member.displayName(), held));
            }
        }
        passes.sort(Comparator.comparing(VisitorPasses.Pass::credentialHash));
        return new Built(new VisitorPasses(Message.VERSION, ownLab, partner.id(), now, version, now.plus(validity),
                passes), nextChange);
    }

    private static Optional<Instant> earliest(Optional<Instant> a, Optional<Instant> b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.filter(x -> x.isBefore(a.get())).or(() -> a);
    }
}

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
import org.fablab.gateway.access.NextChange;
import org.fablab.gateway.access.Training;
import org.fablab.gateway.port.AccessStore;
import org.fablab.protocol.CredentialHasher;
import org.fablab.protocol.Message;
import org.fablab.protocol.network.VisitorPasses;

/**
 * The pass list we send a partner: every active badge whose UID we hold, of every member who may use the lab now
 * (active, membership running) and whom the partner's terms let travel there, with the trainings they hold now by our
 * own rules. Pure; thread-safe.
 */
public final class PassListBuilder {
    private PassListBuilder() {
    }

    /**
     * One badge of a member who may travel, with what the partners' visitor policies choose by.
     *
     * @param networkVisits whether the member consented to network visits
     * @param planId        the member's plan; {@code null} when none
     */
    public record Traveller(VisitorPasses.Pass pass, boolean networkVisits, String planId) {
    }

    /**
     * The badges of every member who may travel, built once for every partner, and the instant they next change by
     * themselves (a training or membership ending), if any.
     */
    public record Travellers(List<Traveller> travellers, Optional<Instant> nextChange) {
        public Travellers {
            travellers = List.copyOf(travellers);
        }
    }

    /** @param terms each member's consent and plan; a member without any has neither */
    public static Travellers travellers(AccessStore.Snapshot snapshot, List<NetworkBadge> badges,
                                        List<TravelFacts> terms, CredentialHasher networkHasher, Instant now,
                                        ZoneId zone) {
        Map<String, MemberFacts> members = snapshot.members().stream()
                .collect(Collectors.toMap(MemberFacts::memberId, m -> m));
        Map<String, List<Certification>> certifications = snapshot.certifications().stream()
                .collect(Collectors.groupingBy(Certification::memberId));
        Map<String, List<NetworkBadge>> activeBadges = badges.stream()
                .filter(badge -> badge.status() == BadgeStatus.ACTIVE)
                .collect(Collectors.groupingBy(NetworkBadge::memberId));
        Map<String, TravelFacts> travel = terms.stream().collect(Collectors.toMap(TravelFacts::memberId, t -> t));
        List<Traveller> travellers = new ArrayList<>();
        Optional<Instant> nextChange = Optional.empty();
        for (Map.Entry<String, List<NetworkBadge>> holder : activeBadges.entrySet()) {
            MemberFacts member = members.get(holder.getKey());
            if (member == null || !member.active()) {
                continue;
            }
            Optional<Instant> membershipEnd = member.membershipEndsAt(zone);
            if (membershipEnd.filter(end -> !end.isAfter(now)).isPresent()) {
                continue;
            }
            nextChange = NextChange.earliest(nextChange, membershipEnd);
            List<String> held = new ArrayList<>();
            Map<String, Instant> lastUse = LastUse.byTraining(snapshot.lastUse()
                    .getOrDefault(member.memberId(), Map.of()), snapshot.trainings());
            for (Training training : snapshot.trainings()) {
                Optional<CertificationState> best = CertificationRules.best(
                        certifications.getOrDefault(member.memberId(), List.of()), training,
                        Optional.ofNullable(lastUse.get(training.id())), now, zone);
                if (best.orElse(null) instanceof CertificationState.Valid valid) {
                    held.add(training.id());
                    nextChange = NextChange.earliest(nextChange, Optional.ofNullable(valid.expiresAt()));
                }
            }
            held.sort(Comparator.naturalOrder());
            TravelFacts facts = travel.getOrDefault(member.memberId(), new TravelFacts(member.memberId(), false, null));
            for (NetworkBadge badge : holder.getValue()) {
                travellers.add(new Traveller(new VisitorPasses.Pass(networkHasher.hash(badge.uid(), false).hash(),
                        member.memberId(), member.displayName(), held), facts.networkVisits(), facts.planId()));
            }
        }
        travellers.sort(Comparator.comparing(traveller -> traveller.pass().credentialHash()));
        return new Travellers(travellers, nextChange);
    }

    /** The list for {@code partner}: the travellers its terms let visit it ({@link Partner#receives}). */
    public static VisitorPasses listFor(String ownLab, Partner partner, Travellers travellers, long version,
                                        Instant now, Duration validity) {
        return new VisitorPasses(Message.VERSION, ownLab, partner.id(), now, version, now.plus(validity),
                travellers.travellers().stream().filter(partner::receives).map(Traveller::pass).toList());
    }
}

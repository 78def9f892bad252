package org.fablab.gateway.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fablab.gateway.access.BadgeStatus;
import org.fablab.gateway.access.Certification;
import org.fablab.gateway.access.CertificationStatus;
import org.fablab.gateway.access.MemberFacts;
import org.fablab.gateway.access.OpeningRules;
import org.fablab.gateway.access.Training;
import org.fablab.gateway.access.TrainingCategory;
import org.fablab.gateway.access.TrainingValidity;
import org.fablab.gateway.port.AccessStore;
import org.fablab.protocol.CredentialHasher;
import org.fablab.protocol.CredentialId;
import org.fablab.protocol.network.VisitorPasses;
import org.junit.jupiter.api.Test;

class PassListBuilderTest {
    private static final Instant NOW = Instant.parse("2026-12-04T11:00:00Z");
    private static final ZoneId ZONE = ZoneId.of("Europe/Paris");
    private static final CredentialHasher NETWORK =
            new CredentialHasher("pepper-of-the-network".getBytes(StandardCharsets.UTF_8));
    private static final Training LASER = new Training("laser-safety", "Laser safety", TrainingCategory.SAFETY,
            Set.of("laser-cutter"), new TrainingValidity.FixedDuration(Duration.ofDays(365)));
    private static final Training PRINTER = new Training("printing-3d", "3D printing", TrainingCategory.COMPETENCY,
            Set.of("3d-printer"), new TrainingValidity.Forever());
    private static final Partner PARTNER = partner(VisitorPolicy.ALL, List.of());

    @Test
    void aTrainedActiveMember_travelsWithTheirBadgeUnderTheNetworkPepperAndTheTrainingsHeldNow() {
        VisitorPasses passes = listFor(PARTNER, travellers(List.of(member("m-1", true, null)), List.of(
                certification("c-1", "m-1", LASER, NOW.minus(Duration.ofDays(10)))), List.of(badge("m-1",
                "04A1B2C3D4E5F6", BadgeStatus.ACTIVE))));

        assertThat(passes.from()).isEqualTo("lab-a");
        assertThat(passes.to()).isEqualTo("lab-b");
        assertThat(passes.validUntil()).isEqualTo(NOW.plus(Duration.ofHours(24)));
        assertThat(passes.passes()).singleElement().satisfies(pass -> {
            assertThat(pass.credentialHash()).isEqualTo(NETWORK.hash("mifare-uid", "04A1B2C3D4E5F6", false).hash());
            assertThat(pass.visitorId()).isEqualTo("m-1");
            assertThat(pass.trainings()).containsExactly("laser-safety");
        });
    }

    @Test
    void expiredOrRevokedTrainings_areLeftOut_andTheNextExpiryIsTheNextChange() {
        Instant grantedLongAgo = NOW.minus(Duration.ofDays(400));
        Instant grantedRecently = NOW.minus(Duration.ofDays(300));
        PassListBuilder.Travellers built = travellers(List.of(member("m-1", true, null)), List.of(
                certification("c-1", "m-1", LASER, grantedLongAgo),
                new Certification("c-2", "m-1", "printing-3d", "m-staff", grantedRecently, null,
                        CertificationStatus.REVOKED),
                certification("c-3", "m-1", LASER, grantedRecently)), List.of(
                badge("m-1", "04A1B2C3D4E5F6", BadgeStatus.ACTIVE)));

        assertThat(built.travellers().get(0).pass().trainings()).containsExactly("laser-safety");
        assertThat(built.nextChange()).contains(grantedRecently.plus(Duration.ofDays(365)));
    }

    @Test
    void inactiveMembers_endedMemberships_lostBadges_andAPausedPartner_sendNobody() {
        List<MemberFacts> members = List.of(member("m-1", false, null),
                member("m-2", true, LocalDate.of(2026, 12, 1)), member("m-3", true, null));
        List<NetworkBadge> badges = List.of(badge("m-1", "04000000000001", BadgeStatus.ACTIVE),
                badge("m-2", "04000000000002", BadgeStatus.ACTIVE), badge("m-3", "04000000000003", BadgeStatus.LOST));

        assertThat(listFor(PARTNER, travellers(members, List.of(), badges)).passes()).isEmpty();
        Partner paused = partner(VisitorPolicy.NONE, List.of());
        assertThat(listFor(paused, travellers(List.of(member("m-4", true, null)), List.of(),
                List.of(badge("m-4", "04000000000004", BadgeStatus.ACTIVE)))).passes()).isEmpty();
    }

    @Test
    void aMembershipEndingLater_isTheNextChange() {
        PassListBuilder.Travellers built = travellers(List.of(member("m-1", true, LocalDate.of(2026, 12, 20))),
                List.of(), List.of(badge("m-1", "04A1B2C3D4E5F6", BadgeStatus.ACTIVE)));

        assertThat(listFor(PARTNER, built).passes()).hasSize(1);
        assertThat(built.nextChange()).contains(LocalDate.of(2026, 12, 21).atStartOfDay(ZONE).toInstant());
    }

    @Test
    void underOptedIn_onlyMembersWhoConsented_travel_andAMemberWithoutTravelFactsHasNotConsented() {
        PassListBuilder.Travellers built = threeMembers(List.of(new TravelFacts("m-1", true, null),
                new TravelFacts("m-2", false, "network-pass")));

        assertThat(visitorIds(listFor(partner(VisitorPolicy.OPTED_IN, List.of()), built))).containsExactly("m-1");
        assertThat(visitorIds(listFor(PARTNER, built))).containsExactlyInAnyOrder("m-1", "m-2", "m-3");
    }

    @Test
    void underPlans_onlyMembersOnOneOfThePartnersPlans_travel_consentOrNot() {
        PassListBuilder.Travellers built = threeMembers(List.of(new TravelFacts("m-1", true, "basic"),
                new TravelFacts("m-2", false, "network-pass"), new TravelFacts("m-3", true, "student")));

        assertThat(visitorIds(listFor(partner(VisitorPolicy.PLANS, List.of("network-pass", "student")), built)))
                .containsExactlyInAnyOrder("m-2", "m-3");
        assertThat(visitorIds(listFor(partner(VisitorPolicy.PLANS, List.of("gold")), built))).isEmpty();
    }

    @Test
    void aMemberWhoWithdrawsConsent_leavesTheNextOptedInList() {
        Partner optedIn = partner(VisitorPolicy.OPTED_IN, List.of());

        assertThat(visitorIds(listFor(optedIn, threeMembers(List.of(new TravelFacts("m-1", true, null),
                new TravelFacts("m-2", true, null)))))).containsExactlyInAnyOrder("m-1", "m-2");
        assertThat(visitorIds(listFor(optedIn, threeMembers(List.of(new TravelFacts("m-1", true, null),
                new TravelFacts("m-2", false, null)))))).containsExactly("m-1");
    }

    @Test
    void plansAreRequiredUnderPlans_andRefusedUnderAnyOtherPolicy() {
        assertThatThrownBy(() -> partner(VisitorPolicy.PLANS, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("visitorPlans is required");
        assertThatThrownBy(() -> partner(VisitorPolicy.OPTED_IN, List.of("network-pass")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("visitorPlans is not accepted");
    }

    /** Three active members, each with an active badge by its UID and no training. */
    private static PassListBuilder.Travellers threeMembers(List<TravelFacts> terms) {
        return travellers(List.of(member("m-1", true, null), member("m-2", true, null), member("m-3", true, null)),
                List.of(), List.of(badge("m-1", "04000000000001", BadgeStatus.ACTIVE),
                        badge("m-2", "04000000000002", BadgeStatus.ACTIVE),
                        badge("m-3", "04000000000003", BadgeStatus.ACTIVE)), terms);
    }

    private static List<String> visitorIds(VisitorPasses passes) {
        return passes.passes().stream().map(VisitorPasses.Pass::visitorId).toList();
    }

    private static Partner partner(VisitorPolicy visitors, List<String> plans) {
        return new Partner("lab-b", "Lab B", "key", "fp", visitors, NOW, 0, plans, VisitPricing.HOST);
    }

    private static PassListBuilder.Travellers travellers(List<MemberFacts> members, List<Certification> certifications,
                                                         List<NetworkBadge> badges) {
        return travellers(members, certifications, badges, List.of());
    }

    private static PassListBuilder.Travellers travellers(List<MemberFacts> members, List<Certification> certifications,
                                                         List<NetworkBadge> badges, List<TravelFacts> terms) {
        AccessStore.Snapshot snapshot = new AccessStore.Snapshot(List.of(), List.of(LASER, PRINTER), members,
                List.of(), certifications, List.of(), Map.of(), OpeningRules.alwaysOpen(), List.of());
        return PassListBuilder.travellers(snapshot, badges, terms, NETWORK, NOW, ZONE);
    }

    private static VisitorPasses listFor(Partner partner, PassListBuilder.Travellers travellers) {
        return PassListBuilder.listFor("lab-a", partner, travellers, 7, NOW, Duration.ofHours(24));
    }

    private static MemberFacts member(String id, boolean active, LocalDate until) {
        return new MemberFacts(id, "Member " + id, active, until);
    }

    private static Certification certification(String id, String member, Training training, Instant at) {
        return new Certification(id, member, training.id(), "m-staff", at, null, CertificationStatus.ACTIVE);
    }

    private static NetworkBadge badge(String member, String uid, BadgeStatus status) {
        return new NetworkBadge(member, CredentialId.of("mifare-uid", uid), status);
    }
}

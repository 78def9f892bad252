package org.fablab.gateway.app;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.fablab.gateway.domain.BadgeRecord;
import org.fablab.gateway.domain.MachineRecord;
import org.fablab.gateway.domain.MemberRecord;
import org.fablab.gateway.domain.NodeRecord;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.gateway.port.LabDirectory;
import org.fablab.gateway.access.Training;
import org.fablab.gateway.access.TrainingCategory;
import org.fablab.gateway.access.TrainingValidity;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.service.AccessService;
import org.fablab.gateway.service.AuthService;
import org.fablab.protocol.CredentialHasher;
import org.fablab.protocol.OfflinePolicy;

/**
 * The demo lab: a laser cutter and two 3D printers, each with its node, and a few members with
 * badges. Seeding is an upsert, so running the demo twice leaves one copy of everything.
 */
final class DemoLab {
    static final String LAB = "demo-lab";

    record Machine(String id, String name, String kind, OfflinePolicy policy, Duration maxStaleness) {
    }

    record Member(String id, String name, String badgeType, String badgeUid) {
    }

    static final List<Machine> MACHINES = List.of(
            new Machine("laser-1", "Laser cutter Trotec Speedy 300", "laser-cutter", OfflinePolicy.FAIL_CLOSED,
                    Duration.ofMinutes(15)),
            new Machine("printer-1", "Prusa MK4 #1", "3d-printer", OfflinePolicy.CACHED, Duration.ofHours(24)),
            new Machine("printer-2", "Prusa MK4 #2", "3d-printer", OfflinePolicy.CACHED, Duration.ofHours(24)));

    static final List<Member> MEMBERS = List.of(
            new Member("m-alice", "Alice Martin", "mifare-uid", "04A1B2C3D4E5F6"),
            new Member("m-bruno", "Bruno Lefèvre", "mifare-uid", "04B2C3D4E5F607"),
            new Member("m-chloe", "Chloé Dubois", "mifare-uid", "04C3D4E5F60718"),
            new Member("m-david", "David Nguyen", "em4100", "0012345678"),
            new Member("m-emma", "Emma Rossi", "em4100", "0087654321"));

    /** A badge nobody enrolled, presented now and then so the demo shows refusals too. */
    static final Member STRANGER = new Member("-", "-", "mifare-uid", "04FFFFFFFFFFFF");

    private DemoLab() {
    }

    /** The demo's logins, one per role, all with the password {@value #DEMO_PASSWORD}. */
    record DemoAccount(String username, Role role, String memberId) {
    }

    static final String DEMO_PASSWORD = "demo";

    static final List<DemoAccount> ACCOUNTS = List.of(
            new DemoAccount("admin", Role.ADMIN, null),
            new DemoAccount("fabmanager", Role.FABMANAGER, "m-bruno"),
            new DemoAccount("treasurer", Role.TREASURER, "m-emma"),
            new DemoAccount("trainer", Role.TRAINER, "m-chloe"),
            new DemoAccount("maker", Role.MAKER, "m-alice"));

    /** The demo's trainings, who holds them and who may teach them. */
    static void trainings(AccessService access) {
        Principal demo = new Principal("demo", Role.ADMIN, null, "demo");
        if (!access.trainings().isEmpty()) {
            return;
        }
        access.createTraining(demo, new Training("laser-safety", "Laser safety", TrainingCategory.SAFETY,
                Set.of("laser-cutter"), new TrainingValidity.FixedDuration(Duration.ofDays(365))));
        access.createTraining(demo, new Training("laser-cutting", "Laser cutting", TrainingCategory.COMPETENCY,
                Set.of("laser-cutter"), new TrainingValidity.LapsesAfterDisuse(Duration.ofDays(180))));
        access.createTraining(demo, new Training("printing-3d", "3D printing", TrainingCategory.COMPETENCY,
                Set.of("3d-printer"), new TrainingValidity.Forever()));
        Map<String, List<String>> holders = Map.of(
                "m-alice", List.of("laser-safety", "laser-cutting", "printing-3d"),
                "m-bruno", List.of("laser-safety", "laser-cutting", "printing-3d"),
                "m-chloe", List.of("laser-safety", "laser-cutting", "printing-3d"),
                "m-david", List.of("printing-3d"),
                "m-emma", List.of("laser-safety", "printing-3d"));
        holders.forEach((member, trainings) -> trainings.forEach(training ->
                access.grant(demo, member, training, Optional.empty(), Optional.of("demo lab"))));
        for (String training : List.of("laser-safety", "laser-cutting", "printing-3d")) {
            access.addTrainer(demo, training, "m-chloe");
        }
    }

    static void accounts(AuthService auth) {
        for (DemoAccount account : ACCOUNTS) {
            auth.createDemoAccount(account.username(), DEMO_PASSWORD, account.role(), account.memberId());
        }
    }

    static List<String> nodeIds() {
        return MACHINES.stream().map(Machine::id).toList();
    }

    static void seed(LabDirectory directory, DemoKeys keys) {
        CredentialHasher hasher = new CredentialHasher(java.util.HexFormat.of().parseHex(keys.labPepper()));
        for (Machine machine : MACHINES) {
            directory.upsert(new MachineRecord(machine.id(), machine.name(), machine.kind()));
            directory.upsert(new NodeRecord(machine.id(), machine.id(), keys.nodes().get(machine.id()).publicKey(),
                    machine.policy(), machine.maxStaleness()));
        }
        for (Member member : MEMBERS) {
            directory.upsert(new MemberRecord(member.id(), member.name(), true));
            directory.upsert(new BadgeRecord(hasher.hash(member.badgeType(), member.badgeUid(), false), member.id()));
        }
    }
}

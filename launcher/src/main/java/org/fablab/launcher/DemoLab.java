package org.fablab.launcher;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.fablab.gateway.access.Training;
import org.fablab.gateway.access.TrainingCategory;
import org.fablab.gateway.access.TrainingValidity;
import org.fablab.gateway.billing.BlockRate;
import org.fablab.gateway.billing.CatalogueItem;
import org.fablab.gateway.billing.FreeWindows;
import org.fablab.gateway.billing.MemberGroup;
import org.fablab.gateway.billing.Plan;
import org.fablab.gateway.billing.PriceList;
import org.fablab.gateway.domain.AuditAction;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.domain.BadgeRecord;
import org.fablab.gateway.domain.MachineRecord;
import org.fablab.gateway.domain.MemberRecord;
import org.fablab.gateway.domain.NodeRecord;
import org.fablab.gateway.domain.auth.Account;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.gateway.port.AccountStore;
import org.fablab.gateway.port.TariffStore;
import org.fablab.gateway.port.LabDirectory;
import org.fablab.gateway.port.PasswordHasher;
import org.fablab.gateway.service.AccessService;
import org.fablab.gateway.service.AuthService;
import org.fablab.gateway.service.BillingServices;
import org.fablab.gateway.service.TariffService;
import org.fablab.node.app.MachineNode;
import org.fablab.protocol.CredentialHasher;
import org.fablab.protocol.OfflinePolicy;

/**
 * The demo lab: a laser cutter and two 3D printers, each with its node, and a few members with
 * badges. Seeding is an upsert, so running the demo twice leaves one copy of everything.
 */
final class DemoLab {
    static final String LAB = "demo-lab";
    /** Printed at the top of the demo's statements. */
    static final String ISSUER = "Fablab de démonstration\n12 rue des Makers\n75011 Paris";

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

    /**
     * The demo's prices: laser time in 15-minute blocks plus firing time, printers by the hour of printing with a
     * daily cap, a consumables catalogue, groups for students and partner associations, a monthly plan and a free
     * Saturday afternoon. Only on a lab without price lists, so a treasurer's changes survive a restart.
     */
    static void billing(BillingServices services) {
        TariffService billing = services.tariffs();
        Principal demo = new Principal("demo", Role.ADMIN, null, "demo");
        if (!billing.priceLists().isEmpty()) {
            return;
        }
        billing.savePriceList(demo, PriceList.forKind("laser-cutter").wall(new BlockRate(15, 300))
                .busy(new BlockRate(5, 150)).sessionFeeCents(200).minimumBillable(Duration.ofMinutes(1))
                .vatBasisPoints(2000).build());
        billing.savePriceList(demo, PriceList.forKind("3d-printer").busy(new BlockRate(60, 100)).dailyCapCents(800)
                .vatBasisPoints(2000).build());
        for (CatalogueItem item : List.of(
                new CatalogueItem("pla", "PLA filament", CatalogueItem.Unit.GRAM, 5, 2000),
                new CatalogueItem("petg", "PETG filament", CatalogueItem.Unit.GRAM, 6, 2000),
                new CatalogueItem("plywood-3mm", "Plywood 3 mm, 600 × 300", CatalogueItem.Unit.SHEET, 450, 2000),
                new CatalogueItem("acrylic-3mm", "Acrylic 3 mm, 600 × 300", CatalogueItem.Unit.SHEET, 1200, 2000))) {
            billing.saveItem(demo, new TariffStore.ItemRecord(item, true));
        }
        billing.saveGroup(demo, new MemberGroup("students", 2500));
        billing.saveGroup(demo, new MemberGroup("partner-associations", 1500));
        billing.savePlan(demo, new TariffStore.PlanRecord("maker-plus", new Plan("Maker+", 1500, 120,
                Set.of("laser-cutter"), 2000), true));
        billing.saveFreeWindows(demo, new FreeWindows(List.of(new FreeWindows.Window(DayOfWeek.SATURDAY,
                LocalTime.of(14, 0), LocalTime.of(18, 0)))));
        billing.assignPlan(demo, "m-chloe", Optional.of("maker-plus"));
    }

    /** Records the filament or sheets a demo session used, as the machine's keypad would. */
    static void consumableFor(MachineNode node, String machineKind, Random random) {
        if (machineKind.equals("3d-printer")) {
            node.recordConsumable(random.nextBoolean() ? "pla" : "petg", 5 + random.nextInt(120), "g");
        } else if (random.nextInt(3) == 0) {
            node.recordConsumable(random.nextBoolean() ? "plywood-3mm" : "acrylic-3mm", 1, "sheet");
        }
    }

    /**
     * Straight into the account store, each only where missing: the published {@code demo} password is shorter than
     * {@link AuthService#MIN_PASSWORD_LENGTH}, which the production service refuses.
     */
    static void accounts(AccountStore accounts, PasswordHasher hasher, Clock clock) {
        for (DemoAccount account : ACCOUNTS) {
            if (accounts.account(account.username()).isEmpty()) {
                accounts.create(new Account(account.username(), hasher.hash(DEMO_PASSWORD), account.role(),
                        account.memberId()), clock.instant(), AuditEntry.of(clock.instant(), "demo", AuditAction.ACCOUNT_CREATED,
                        "account", account.username()).member(account.memberId()).with("role", account.role().wire()));
            }
        }
    }

    static String kindOf(String nodeId) {
        return MACHINES.stream().filter(m -> m.id().equals(nodeId)).findFirst().orElseThrow().kind();
    }

    static List<String> nodeIds() {
        return MACHINES.stream().map(Machine::id).toList();
    }

    /** @param maxStaleness machine id to a {@code maxStaleness} that replaces the machine's own above */
    static void seed(LabDirectory directory, DemoKeys keys, Map<String, Duration> maxStaleness) {
        for (String machineId : maxStaleness.keySet()) {
            if (!nodeIds().contains(machineId)) {
                throw new IllegalArgumentException("maxStaleness: no demo machine '" + machineId + "' (known: "
                        + String.join(", ", nodeIds()) + ")");
            }
        }
        CredentialHasher hasher = new CredentialHasher(HexFormat.of().parseHex(keys.labPepper()));
        for (Machine machine : MACHINES) {
            directory.upsert(new MachineRecord(machine.id(), machine.name(), machine.kind()));
            directory.upsert(new NodeRecord(machine.id(), machine.id(), keys.nodes().get(machine.id()).publicKey(),
                    machine.policy(), maxStaleness.getOrDefault(machine.id(), machine.maxStaleness())));
        }
        for (Member member : MEMBERS) {
            directory.upsert(new MemberRecord(member.id(), member.name(), true));
            directory.upsert(new BadgeRecord(hasher.hash(member.badgeType(), member.badgeUid(), false), member.id()));
        }
    }
}

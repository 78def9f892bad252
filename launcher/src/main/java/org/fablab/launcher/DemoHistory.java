package org.fablab.launcher;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Month;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.nio.charset.StandardCharsets;

/**
 * A year of the demo lab's past, planned from a fixed seed so that every fresh demo (and every test) gets the same
 * one: who joined when, with which group and territory, who trained whom, who used which machine when and for how
 * long, what material they used, which badges machines refused, and when members paid. Pure: {@link DemoHistoryWriter}
 * writes the plan through the gateway's services and stores.
 *
 * <p>The lab opens Tuesday to Friday evenings (Wednesday from 14:00) and Saturdays 10:00-18:00, closes the middle of
 * August and Christmas week. About twelve members come on most weeks, about twenty-five come once to three times in
 * the year, and a few joined but never used a machine.
 */
final class DemoHistory {
    static final long SEED = 20_241_016L;

    enum Profile { REGULAR, OCCASIONAL, NEVER }

    /** Who grants a certification: staff (the fabmanager, or the admin at the lab's start) or a peer trainer. */
    enum Granter { ADMIN, FABMANAGER, PEER_CHLOE, PEER_ALICE }

    /**
     * @param laser trained on the laser cutter (else printers only)
     * @param group member group, if any
     * @param plan  monthly plan, if any
     */
    record HistoryMember(String id, String name, Profile profile, LocalDate joined, boolean laser,
                         Optional<String> group, Optional<String> territory, Optional<String> plan, String badgeType,
                         String badgeUid) {
    }

    /** One thing that happened, at {@link #at()}. */
    sealed interface Happening {
        Instant at();
    }

    /** A new member with their badge, group and plan. */
    record Joined(Instant at, HistoryMember member) implements Happening {
    }

    record Granted(Instant at, String memberId, String trainingId, Granter by) implements Happening {
    }

    record TrainerAdded(Instant at, String trainingId, String memberId) implements Happening {
    }

    /** The badge that powered the machine. */
    record Started(Instant at, String node, String sessionId, String memberId, String badgeType, String badgeUid)
            implements Happening {
    }

    /**
     * The session's end, with filament the printer recorded during it.
     *
     * @param grams filament grams of {@code item}, 0 for none
     */
    record Ended(Instant at, String node, String sessionId, Instant startedAt, long busySeconds, double energyWh,
                 String item, long grams) implements Happening {
    }

    /** Sheets the fabmanager recorded after a laser session, tagged reuse when they were offcuts. */
    record SheetsRecorded(Instant at, String memberId, String sessionId, String item, long sheets,
                          Optional<String> tag) implements Happening {
    }

    record SessionTagged(Instant at, String node, String sessionId, String tag) implements Happening {
    }

    /** A badge refused at a machine; {@code badgeUid} of a member or of nobody. */
    record Refused(Instant at, String node, String badgeType, String badgeUid, String reason) implements Happening {
    }

    /** The charging catches up: sessions and records so far, and the plan fees of the month of {@code at}. */
    record CatchUp(Instant at) implements Happening {
    }

    /** A member pays what they owe for {@code month} (or a part of it), by {@code method}. */
    record Paid(Instant at, String memberId, YearMonth month, String method, int percent) implements Happening {
    }

    /** The plan: members and what happened, in time order, from {@code first} through {@code last}. */
    record Plan(LocalDate first, LocalDate last, List<HistoryMember> members, List<Happening> happenings) {
    }

    private static final String[] FIRST_NAMES = {"Léa", "Hugo", "Manon", "Lucas", "Camille", "Nathan", "Inès",
            "Théo", "Sarah", "Yanis", "Julie", "Karim", "Zoé", "Mehdi", "Pauline", "Antoine", "Fatou", "Maxime",
            "Clara", "Romain", "Amina", "Julien", "Océane", "Samir", "Lucie", "Quentin", "Nadia", "Bastien", "Elise",
            "Tom", "Awa", "Vincent", "Margaux", "Adrien", "Salomé", "Kevin", "Jeanne", "Olivier"};
    private static final String[] LAST_NAMES = {"Lefebvre", "Dupont", "Vandenberghe", "Delattre", "Haddad", "Mercier",
            "Wattel", "Lemaire", "Benali", "Dufour", "Vasseur", "Carpentier", "Deneuville", "Petit", "Boulanger",
            "Lecomte", "Traoré", "Hennebelle", "Roussel", "Van Damme", "Caron", "Descamps", "Bouchez", "Leroy"};
    /** Communes around Lille with their postcode; the empty ones are members who gave none. */
    private static final String[] TERRITORIES = {"59000 Lille", "59000 Lille", "59000 Lille", "59800 Lille",
            "59650 Villeneuve-d'Ascq", "59650 Villeneuve-d'Ascq", "59100 Roubaix", "59100 Roubaix", "59200 Tourcoing",
            "59160 Lomme", "59130 Lambersart", "59700 Marcq-en-Barœul", "59260 Hellemmes", "59120 Loos",
            "59790 Ronchin", "", "", ""};
    private static final String[] METHODS = {"transfer", "transfer", "transfer", "card", "card", "card", "cash",
            "cash", "cheque", "cheque"};
    private static final String[] REASONS = {"unknown-badge", "unknown-badge", "unknown-badge", "unknown-badge",
            "training-missing", "training-missing", "training-missing", "training-expired",
            "outside-opening-hours", "machine-blocked"};
    private static final String STRANGER_BADGE = "04EE00DE4D0001";

    private DemoHistory() {
    }

    /** The year ending the day before {@code today}, planned from {@link #SEED}. */
    static Plan plan(LocalDate today, ZoneId zone) {
        return new Planner(new Random(SEED), today.minusYears(1), today.minusDays(1), zone).plan();
    }

    /** The demo members' place in the history: who comes often, who is trained on the laser. */
    private static HistoryMember demoMember(DemoLab.Member member, LocalDate first, String territory) {
        Profile profile = member.id().equals("m-david") ? Profile.OCCASIONAL : Profile.REGULAR;
        boolean laser = !member.id().equals("m-david") && !member.id().equals("m-emma");
        return new HistoryMember(member.id(), member.name(), profile, first, laser, Optional.empty(),
                Optional.of(territory), member.id().equals("m-chloe") ? Optional.of("maker-plus") : Optional.empty(),
                member.badgeType(), member.badgeUid());
    }

    private static final class Planner {
        private final Random random;
        private final LocalDate first;
        private final LocalDate last;
        private final ZoneId zone;
        private final List<Happening> happenings = new ArrayList<>();
        /** Node id to the instant it is free again. */
        private final Map<String, Instant> busyUntil = new HashMap<>();
        private final Map<String, Integer> sessionsOnNode = new HashMap<>();

        Planner(Random random, LocalDate first, LocalDate last, ZoneId zone) {
            this.random = random;
            this.first = first;
            this.last = last;
            this.zone = zone;
        }

        Plan plan() {
            List<HistoryMember> members = members();
            trainings(members);
            List<LocalDate> openDays = first.datesUntil(last.plusDays(1)).filter(DemoHistory::open).toList();
            Map<LocalDate, List<Visit>> visits = visits(members, openDays);
            for (LocalDate day : openDays) {
                day(day, visits.getOrDefault(day, List.of()));
            }
            for (YearMonth month = YearMonth.from(first); !month.isAfter(YearMonth.from(last)); month = month.plusMonths(1)) {
                happenings.add(new CatchUp(at(month.atDay(1), LocalTime.of(0, 30))));
                if (month.isAfter(YearMonth.from(first))) {
                    payments(members, month.minusMonths(1), month);
                }
            }
            happenings.add(new CatchUp(at(last, LocalTime.of(23, 59))));
            List<Happening> inOrder = happenings.stream()
                    .filter(h -> !h.at().isBefore(at(first, LocalTime.MIDNIGHT)) && !h.at().isAfter(at(last, LocalTime.of(23, 59))))
                    .sorted(Comparator.comparing(Happening::at)).toList();
            return new Plan(first, last, members, inOrder);
        }

        private List<HistoryMember> members() {
            List<HistoryMember> members = new ArrayList<>();
            for (DemoLab.Member member : DemoLab.MEMBERS) {
                members.add(demoMember(member, first, territory().orElse("59000 Lille")));
            }
            Set<String> names = new LinkedHashSet<>();
            DemoLab.MEMBERS.forEach(m -> names.add(m.name()));
            addMembers(members, names, Profile.REGULAR, 8);
            addMembers(members, names, Profile.OCCASIONAL, 25);
            addMembers(members, names, Profile.NEVER, 5);
            for (HistoryMember member : members) {
                happenings.add(new Joined(at(member.joined(), LocalTime.of(18, 0)), member));
            }
            return List.copyOf(members);
        }

        private void addMembers(List<HistoryMember> members, Set<String> names, Profile profile, int count) {
            for (int i = 0; i < count; i++) {
                String name;
                do {
                    name = FIRST_NAMES[random.nextInt(FIRST_NAMES.length)] + " "
                            + LAST_NAMES[random.nextInt(LAST_NAMES.length)];
                } while (!names.add(name));
                int span = (int) first.until(last).toTotalMonths() * 30;
                LocalDate joined = switch (profile) {
                    case REGULAR -> first.plusDays(random.nextInt(90));
                    case OCCASIONAL -> first.plusDays(random.nextInt(span - 30));
                    case NEVER -> first.plusDays(random.nextInt(span));
                };
                int draw = random.nextInt(100);
                Optional<String> group = draw < 30 ? Optional.of("students")
                        : draw < 45 ? Optional.of("partner-associations") : Optional.empty();
                boolean laser = random.nextInt(100) < (profile == Profile.REGULAR ? 60 : 40);
                Optional<String> plan = profile == Profile.REGULAR && laser && group.isEmpty() && random.nextBoolean()
                        ? Optional.of("maker-plus") : Optional.empty();
                members.add(new HistoryMember(String.format("m-h%02d", members.size() + 1), name, profile, joined,
                        laser, group, territory(), plan, "mifare-uid", String.format("04%012X", random.nextLong() & 0xFFFFFFFFFFFFL)));
            }
        }

        private Optional<String> territory() {
            String territory = TERRITORIES[random.nextInt(TERRITORIES.length)];
            return territory.isEmpty() ? Optional.empty() : Optional.of(territory);
        }

        /**
         * The new members' trainings on their first evening, by staff or by a peer trainer; the demo members' come
         * from {@link DemoLab#trainings} at the lab's start, and their laser safety (a year long) is renewed in
         * spring so that it holds past today.
         */
        private void trainings(List<HistoryMember> members) {
            happenings.add(new TrainerAdded(at(first.plusDays(20), LocalTime.of(19, 0)), "printing-3d", "m-alice"));
            for (HistoryMember member : members) {
                if (member.id().startsWith("m-h")) {
                    Instant at = at(member.joined(), LocalTime.of(18, 30));
                    if (member.profile() != Profile.NEVER || random.nextBoolean()) {
                        happenings.add(new Granted(at, member.id(), "printing-3d", printerGranter(member, at)));
                    }
                    if (member.laser() && member.profile() != Profile.NEVER) {
                        Granter by = random.nextInt(3) == 0 ? Granter.PEER_CHLOE : Granter.FABMANAGER;
                        happenings.add(new Granted(at.plusSeconds(600), member.id(), "laser-safety", by));
                        happenings.add(new Granted(at.plusSeconds(1200), member.id(), "laser-cutting", by));
                    }
                }
            }
            LocalDate renewal = first.plusMonths(7);
            happenings.add(new Granted(at(renewal, LocalTime.of(18, 0)), "m-alice", "laser-safety", Granter.FABMANAGER));
            happenings.add(new Granted(at(renewal, LocalTime.of(18, 10)), "m-chloe", "laser-safety", Granter.FABMANAGER));
            happenings.add(new Granted(at(renewal, LocalTime.of(18, 20)), "m-emma", "laser-safety", Granter.PEER_CHLOE));
            happenings.add(new Granted(at(renewal, LocalTime.of(18, 30)), "m-bruno", "laser-safety", Granter.ADMIN));
        }

        private Granter printerGranter(HistoryMember member, Instant at) {
            boolean aliceTeaches = at.isAfter(at(first.plusDays(21), LocalTime.NOON));
            return switch (random.nextInt(aliceTeaches ? 4 : 3)) {
                case 0 -> Granter.FABMANAGER;
                case 1, 2 -> Granter.PEER_CHLOE;
                default -> Granter.PEER_ALICE;
            };
        }

        private record Visit(HistoryMember member, Instant start) {
        }

        private Map<LocalDate, List<Visit>> visits(List<HistoryMember> members, List<LocalDate> openDays) {
            Map<LocalDate, List<Visit>> visits = new HashMap<>();
            for (HistoryMember member : members) {
                List<LocalDate> days = openDays.stream().filter(d -> d.isAfter(member.joined())).toList();
                if (days.isEmpty() || member.profile() == Profile.NEVER) {
                    continue;
                }
                List<LocalDate> chosen = new ArrayList<>();
                if (member.profile() == Profile.REGULAR) {
                    days.stream().filter(d -> random.nextInt(100) < 27).forEach(chosen::add);
                } else {
                    int count = 1 + random.nextInt(3);
                    // within four months of joining: the laser training lapses after six months without use
                    List<LocalDate> soon = days.stream().filter(d -> d.isBefore(member.joined().plusDays(120))).toList();
                    LocalDate from = soon.get(random.nextInt(soon.size()));
                    List<LocalDate> near = days.stream().filter(d -> !d.isBefore(from) && d.isBefore(from.plusDays(75)))
                            .toList();
                    for (int i = 0; i < count; i++) {
                        chosen.add(near.get(random.nextInt(near.size())));
                    }
                }
                for (LocalDate day : chosen) {
                    visits.computeIfAbsent(day, d -> new ArrayList<>()).add(new Visit(member, arrival(day)));
                }
            }
            return visits;
        }

        private Instant arrival(LocalDate day) {
            LocalTime opens = opens(day);
            long minutes = Duration.between(opens, closes(day)).toMinutes() - 60;
            return at(day, opens.plusMinutes(random.nextInt((int) minutes)));
        }

        private void day(LocalDate day, List<Visit> visits) {
            List<Visit> ordered = visits.stream().sorted(Comparator.comparing(Visit::start)
                    .thenComparing(v -> v.member().id())).toList();
            for (Visit visit : ordered) {
                int sessions = random.nextInt(5) == 0 ? 2 : 1;
                Instant start = visit.start();
                for (int i = 0; i < sessions; i++) {
                    Optional<Instant> end = session(visit.member(), start, at(day, closes(day)));
                    if (end.isEmpty()) {
                        break;
                    }
                    start = end.get().plusSeconds(300 + random.nextInt(900));
                }
            }
            int refusals = random.nextInt(10) < 3 ? 1 : 0;
            for (int i = 0; i < refusals; i++) {
                String reason = REASONS[random.nextInt(REASONS.length)];
                String node = DemoLab.nodeIds().get(random.nextInt(DemoLab.nodeIds().size()));
                Instant at = reason.equals("outside-opening-hours") ? at(day, closes(day).plusMinutes(20))
                        : arrival(day);
                String badge = reason.equals("unknown-badge") ? STRANGER_BADGE
                        : DemoLab.MEMBERS.get(random.nextInt(DemoLab.MEMBERS.size())).badgeUid();
                happenings.add(new Refused(at, node, reason.equals("unknown-badge") ? "mifare-uid" : badgeType(badge),
                        badge, reason));
            }
        }

        private static String badgeType(String uid) {
            return DemoLab.MEMBERS.stream().filter(m -> m.badgeUid().equals(uid)).findFirst()
                    .map(DemoLab.Member::badgeType).orElse("mifare-uid");
        }

        /** Plans one session from {@code wanted} on a free machine the member may use; returns its end. */
        private Optional<Instant> session(HistoryMember member, Instant wanted, Instant closing) {
            boolean laser = member.laser() && random.nextInt(100) < 45;
            List<String> candidates = laser ? List.of("laser-1") : List.of("printer-1", "printer-2");
            String node = candidates.stream().min(Comparator.comparing(n -> busyUntil.getOrDefault(n, Instant.MIN)))
                    .orElseThrow();
            Instant start = wanted.isBefore(busyUntil.getOrDefault(node, Instant.MIN))
                    ? busyUntil.get(node).plusSeconds(120) : wanted;
            long minutes = laser ? 6 + random.nextInt(70) : 25 + random.nextInt(280);
            Instant end = start.plusSeconds(minutes * 60 + random.nextInt(60));
            if (!start.isBefore(closing.minusSeconds(1800))) {
                return Optional.empty();
            }
            if (!laser && end.isAfter(closing)) {
                end = closing.plusSeconds(random.nextInt(1800));
            }
            busyUntil.put(node, end);
            int n = sessionsOnNode.merge(node, 1, Integer::sum);
            String sessionId = UUID.nameUUIDFromBytes(("demo-history:" + node + ":" + n)
                    .getBytes(StandardCharsets.UTF_8)).toString();
            long wall = Duration.between(start, end).toSeconds();
            long busy = laser ? wall * (35 + random.nextInt(40)) / 100 : wall * (90 + random.nextInt(9)) / 100;
            double energyWh = Math.round((laser ? busy * 1800.0 + wall * 150.0 : busy * 110.0) / 360.0) / 10.0;
            happenings.add(new Started(start, node, sessionId, member.id(), member.badgeType(), member.badgeUid()));
            String item = random.nextInt(10) < 7 ? "pla" : "petg";
            long grams = laser ? 0 : 8 + random.nextInt(240);
            happenings.add(new Ended(end, node, sessionId, start, busy, energyWh, item, grams));
            if (laser && random.nextInt(100) < 55) {
                Optional<String> tag = random.nextInt(100) < 15 ? Optional.of("reuse") : Optional.empty();
                happenings.add(new SheetsRecorded(end.plusSeconds(180), member.id(), sessionId,
                        random.nextInt(4) == 0 ? "acrylic-3mm" : "plywood-3mm", 1 + random.nextInt(3), tag));
            }
            int tag = random.nextInt(100);
            if (tag < 10) {
                happenings.add(new SessionTagged(end.plusSeconds(600), node, sessionId, tag < 6 ? "repair" : "reuse"));
            }
            return Optional.of(end);
        }

        /** Most members pay during {@code paidIn} what they owed for {@code month}; some pay late or only a part. */
        private void payments(List<HistoryMember> members, YearMonth month, YearMonth paidIn) {
            for (HistoryMember member : members) {
                if (member.profile() == Profile.NEVER || member.joined().isAfter(month.atEndOfMonth())) {
                    continue;
                }
                int draw = random.nextInt(100);
                if (draw < 12) {
                    continue;
                }
                int percent = draw < 20 ? 50 : 100;
                LocalDate day = paidIn.atDay(2 + random.nextInt(18));
                happenings.add(new Paid(at(day, LocalTime.of(18, 0).plusMinutes(random.nextInt(180))), member.id(),
                        month, METHODS[random.nextInt(METHODS.length)], percent));
            }
        }

        private Instant at(LocalDate day, LocalTime time) {
            return day.atTime(time).atZone(zone).toInstant();
        }
    }

    /** Tuesday to Saturday, except the middle of August and Christmas week. */
    static boolean open(LocalDate day) {
        DayOfWeek weekday = day.getDayOfWeek();
        if (weekday == DayOfWeek.SUNDAY || weekday == DayOfWeek.MONDAY) {
            return false;
        }
        boolean summer = day.getMonth() == Month.AUGUST && day.getDayOfMonth() >= 8 && day.getDayOfMonth() <= 24;
        boolean christmas = day.getMonth() == Month.DECEMBER && day.getDayOfMonth() >= 24;
        return !summer && !christmas;
    }

    static LocalTime opens(LocalDate day) {
        return switch (day.getDayOfWeek()) {
            case SATURDAY -> LocalTime.of(10, 0);
            case WEDNESDAY -> LocalTime.of(14, 0);
            default -> LocalTime.of(17, 0);
        };
    }

    static LocalTime closes(LocalDate day) {
        return day.getDayOfWeek() == DayOfWeek.SATURDAY ? LocalTime.of(18, 0) : LocalTime.of(22, 0);
    }
}

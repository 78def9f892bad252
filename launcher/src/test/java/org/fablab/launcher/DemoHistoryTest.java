package org.fablab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DemoHistoryTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final LocalDate TODAY = LocalDate.of(2026, 3, 10);

    @Test
    void thePlan_isTheSameEveryTime_forTheSameDay() {
        assertThat(DemoHistory.plan(TODAY, PARIS)).isEqualTo(DemoHistory.plan(TODAY, PARIS));
    }

    @Test
    void thePlan_coversTheYearEndingYesterday_inTimeOrder() {
        DemoHistory.Plan plan = DemoHistory.plan(TODAY, PARIS);
        List<Instant> times = plan.happenings().stream().map(DemoHistory.Happening::at).toList();

        assertThat(plan.first()).isEqualTo(LocalDate.of(2025, 3, 10));
        assertThat(plan.last()).isEqualTo(LocalDate.of(2026, 3, 9));
        assertThat(times).isSorted();
        assertThat(times.get(times.size() - 1)).isBefore(TODAY.atStartOfDay(PARIS).toInstant());
        assertThat(times.get(0)).isAfterOrEqualTo(plan.first().atStartOfDay(PARIS).toInstant());
    }

    @Test
    void members_areRegularOccasionalOrNever_withGroupsAndSomeWithoutTerritory() {
        List<DemoHistory.HistoryMember> members = DemoHistory.plan(TODAY, PARIS).members();

        assertThat(members).hasSize(43).extracting(DemoHistory.HistoryMember::id).doesNotHaveDuplicates()
                .contains("m-alice", "m-bruno", "m-chloe", "m-david", "m-emma");
        assertThat(members.stream().collect(Collectors.groupingBy(DemoHistory.HistoryMember::profile,
                Collectors.counting()))).containsEntry(DemoHistory.Profile.REGULAR, 12L)
                .containsEntry(DemoHistory.Profile.OCCASIONAL, 26L).containsEntry(DemoHistory.Profile.NEVER, 5L);
        assertThat(members).anySatisfy(m -> assertThat(m.group()).contains("students"))
                .anySatisfy(m -> assertThat(m.group()).contains("partner-associations"))
                .anySatisfy(m -> assertThat(m.territory()).isEmpty())
                .anySatisfy(m -> assertThat(m.territory()).contains("59000 Lille"));
    }

    @Test
    void sessionsStart_onOpenDaysOnly_andEveryMonthHasSessionsAndPayments() {
        DemoHistory.Plan plan = DemoHistory.plan(TODAY, PARIS);
        List<DemoHistory.Started> started = plan.happenings().stream()
                .filter(DemoHistory.Started.class::isInstance).map(DemoHistory.Started.class::cast).toList();
        Set<YearMonth> withSessions = started.stream().map(s -> YearMonth.from(s.at().atZone(PARIS)))
                .collect(Collectors.toSet());
        Set<YearMonth> withPayments = plan.happenings().stream().filter(DemoHistory.Paid.class::isInstance)
                .map(p -> YearMonth.from(p.at().atZone(PARIS))).collect(Collectors.toSet());

        assertThat(started).allSatisfy(s -> assertThat(DemoHistory.open(s.at().atZone(PARIS).toLocalDate())).isTrue());
        for (int back = 1; back <= 12; back++) {
            assertThat(withSessions).contains(YearMonth.from(TODAY).minusMonths(back));
        }
        assertThat(withPayments).contains(YearMonth.from(TODAY).minusMonths(1));
        assertThat(plan.happenings()).anySatisfy(h -> assertThat(h).isInstanceOf(DemoHistory.Refused.class))
                .anySatisfy(h -> assertThat(h).isInstanceOf(DemoHistory.SessionTagged.class))
                .anySatisfy(h -> assertThat(h).isInstanceOf(DemoHistory.SheetsRecorded.class));
    }

    @Test
    void noMachine_runsTwoSessionsAtOnce() {
        DemoHistory.Plan plan = DemoHistory.plan(TODAY, PARIS);
        for (String node : DemoLab.nodeIds()) {
            List<DemoHistory.Ended> ended = plan.happenings().stream().filter(DemoHistory.Ended.class::isInstance)
                    .map(DemoHistory.Ended.class::cast).filter(e -> e.node().equals(node)).toList();
            for (int i = 1; i < ended.size(); i++) {
                assertThat(ended.get(i).startedAt()).as(node).isAfterOrEqualTo(ended.get(i - 1).at());
            }
        }
    }
}

package org.fablab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.fablab.gateway.billing.ChainCheck;
import org.fablab.gateway.domain.CertificationView;
import org.fablab.gateway.domain.SessionRecord;
import org.fablab.gateway.report.ReportSettings;
import org.fablab.protocol.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A fresh demo with its year of history: use in every month, regular and occasional members as the report counts
 * them, charges and payments in the previous month that a treasurer can close into statements with lines, a ledger
 * whose chain verifies, and a restart that writes nothing twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoHistoryIT {
    @TempDir
    static Path dataDir;
    private Demo demo;
    private ZoneId zone;
    private LocalDate today;

    // at midday in the lab: the year of history is written up to the day before the one the tests call today, even
    // when writing it lasts past midnight
    private final Clock clock = TestLabs.midday();

    @BeforeAll
    void startDemo() {
        demo = start();
        zone = demo.config().zone();
        today = LocalDate.now(clock.withZone(zone));
    }

    @AfterAll
    void stopDemo() {
        demo.close();
    }

    private final String lab = TestLabs.labId("hist");

    private Demo start() {
        Map<String, String> env = new HashMap<>();
        env.put("FABLAB_LAB", lab);
        env.put("FABLAB_HTTP_PORT", "0");
        env.put("FABLAB_MQTT_CLIENT_ID", "gw-" + lab);
        env.put("FABLAB_MQTT_EMBEDDED_PORT", Integer.toString(EmbeddedBrokerEndToEndIT.freePort()));
        return Demo.start(dataDir, env, TestLabs.FAST, clock, Optional.empty(), Map.of(),
                Demo.History.LAST_YEAR);
    }

    private List<SessionRecord> sessions() {
        return demo.gateway().store().sessions(Optional.empty(), Optional.empty(), 100_000);
    }

    @Test
    void theLastTwelveMonths_eachHaveSessions_onEveryMachineOverTheYear() {
        List<SessionRecord> sessions = sessions();
        Set<YearMonth> months = sessions.stream().map(s -> YearMonth.from(s.startedAt().atZone(zone)))
                .collect(Collectors.toCollection(TreeSet::new));
        for (int back = 1; back <= 12; back++) {
            assertThat(months).as("months with sessions").contains(YearMonth.from(today).minusMonths(back));
        }
        assertThat(sessions).allSatisfy(s -> assertThat(s.startedAt().atZone(zone).toLocalDate())
                .isBefore(today).isAfterOrEqualTo(today.minusYears(1)));
        assertThat(sessions.stream().map(SessionRecord::machine).distinct())
                .containsExactlyInAnyOrderElementsOf(DemoLab.nodeIds());
    }

    @Test
    void overTheYear_regularAndOccasionalMembers_asTheReportCountsThem_andSomeWhoNeverCame() throws Exception {
        int regularMinDays = new ReportSettings(4, 5).regularMinDays();
        Map<String, Set<LocalDate>> days = sessions().stream().collect(Collectors.groupingBy(SessionRecord::memberId,
                Collectors.mapping(s -> s.startedAt().atZone(zone).toLocalDate(), Collectors.toSet())));
        long regular = days.values().stream().filter(d -> d.size() >= regularMinDays).count();
        long occasional = days.values().stream().filter(d -> d.size() < regularMinDays).count();
        JsonNode members = new DemoApi(demo.gateway().httpPort(), "fabmanager").json("/api/v1/members?limit=1000");

        assertThat(regular).isBetween(10L, 16L);
        assertThat(occasional).isGreaterThanOrEqualTo(20);
        assertThat(members.size()).isBetween(40, 60);
        assertThat(members.size() - days.size()).as("members who never used a machine").isGreaterThanOrEqualTo(3);
    }

    @Test
    void thePreviousMonth_hasChargesAndPayments_andClosingItGivesStatementsWithLines() throws Exception {
        YearMonth previous = YearMonth.from(today).minusMonths(1);
        DemoApi treasurer = new DemoApi(demo.gateway().httpPort(), "treasurer");
        String range = "from=" + previous.atDay(1) + "&to=" + previous.atEndOfMonth();
        assertThat(treasurer.json("/api/v1/ledger?kind=charge&limit=10&" + range).size()).isEqualTo(10);
        assertThat(treasurer.json("/api/v1/ledger?kind=payment&limit=10&" + range).size()).isPositive();

        assertThat(treasurer.post("/api/v1/periods/" + previous + "/close", null).statusCode()).isEqualTo(200);
        HttpResponse<String> issued = treasurer.post("/api/v1/statements", "{\"month\":\"" + previous + "\"}");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        JsonNode statements = Json.mapper().readTree(issued.body());
        assertThat(statements.size()).isGreaterThanOrEqualTo(10);
        JsonNode statement = treasurer.json("/api/v1/statements/" + statements.get(0).get("number").asText());
        assertThat(statement.get("entries").size()).isPositive();
        assertThat(statement.get("month").asText()).isEqualTo(previous.toString());
    }

    @Test
    void trainings_weregrantedByStaffAndByPeers_andSomeHaveLapsed() {
        List<CertificationView> certifications = demo.gateway().access().certifications(Optional.empty(),
                Optional.empty());
        Set<String> staff = Set.of("demo", "m-bruno");

        assertThat(certifications).anySatisfy(c -> assertThat(c.grantedBy()).isIn(staff));
        assertThat(certifications).anySatisfy(c -> assertThat(c.grantedBy()).isIn("m-chloe", "m-alice"));
        assertThat(certifications).anySatisfy(c -> assertThat(c.status()).isEqualTo("expired"));
        assertThat(certifications).filteredOn(c -> c.memberId().equals("m-alice") && c.status().equals("valid"))
                .extracting(CertificationView::trainingId).contains("laser-safety", "laser-cutting", "printing-3d");
    }

    @Test
    void theLedger_verifies_throughTheService_andTheCli() {
        assertThat(demo.gateway().ledgerCheck().verify()).isInstanceOf(ChainCheck.Verified.class);
        CommandLine cli = FablabCli.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));

        int exit = cli.execute("ledger", "verify", "--config", dataDir.resolve(DemoConfigFile.FILE_NAME).toString());

        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString()).contains("ledger verified");
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void aRestart_onTheSameDataFolder_writesNoSecondHistory() {
        int sessions = sessions().size();
        long entries = ((ChainCheck.Verified) demo.gateway().ledgerCheck().verify()).entries();
        demo.close();

        demo = start();

        assertThat(sessions().size()).isEqualTo(sessions);
        assertThat(((ChainCheck.Verified) demo.gateway().ledgerCheck().verify()).entries()).isEqualTo(entries);
    }
}

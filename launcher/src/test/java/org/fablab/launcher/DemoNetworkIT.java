package org.fablab.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.fablab.node.app.MachineNode;
import org.fablab.protocol.MachineState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fablab demo --network} on free ports: both labs' gateways answer, the host holds the home lab's pass list and
 * its printer lets the home lab's visitor in, and the visit's session at the host is charged there, receipted,
 * recorded at the home lab and acknowledged, as both labs' visits of the month show. On the fresh folder, the host's
 * past holds a visit of last month, which both labs settle: each shows the other's statement agreeing with its own.
 * A second run on the folder writes no visit and settles nothing.
 */
class DemoNetworkIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path data;

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void aVisitAtTheHost_isReceiptedAndRecordedAtHome() throws Exception {
        // at midday in the labs: the visit and its receipt fall in the month asked for
        Clock clock = TestLabs.midday();
        try (DemoNetwork labs = DemoNetwork.start(data, ports(), ports(), TestLabs.FAST, clock, Demo.History.NONE)) {
            Demo home = labs.home();
            Demo host = labs.host();
            String homeLab = home.config().lab();
            assertThat(health(home)).isEqualTo(200);
            assertThat(health(host)).isEqualTo(200);
            assertThat(Files.readString(data.resolve(DemoNetwork.PEPPER_FILE))).matches("[0-9a-f]{64}");

            DemoApi atHome = new DemoApi(home.gateway().httpPort(), "treasurer");
            DemoApi atHost = new DemoApi(host.gateway().httpPort(), "treasurer");
            await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(atHost.json("/api/v1/partners/" + homeLab).path("passList").path("passes").asInt())
                            .as("visitors on the pass list the host holds").isEqualTo(1));

            MachineNode printer = host.node("printer-1");
            DemoLab.Member visitor = DemoNetwork.VISITOR;
            host.reader("printer-1").present(visitor.badgeType(), visitor.badgeUid());
            await().atMost(WAIT).until(() -> printer.state() == MachineState.ACTIVE);
            // the host names the visitor by their id at home and their home lab's name
            await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(atHost.json("/api/v1/sessions?machine=printer-1")).singleElement().satisfies(session -> {
                        assertThat(session.get("memberId").asText()).isEqualTo(homeLab + ":" + visitor.id());
                        assertThat(session.get("memberName").asText())
                                .isEqualTo(visitor.name() + " (" + DemoNetwork.HOME_NAME + ")");
                    }));
            host.reader("printer-1").present(visitor.badgeType(), visitor.badgeUid());
            await().atMost(WAIT).until(() -> printer.state() == MachineState.IDLE);

            String month = YearMonth.now(clock.withZone(TestLabs.ZONE)).toString();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                JsonNode hosted = atHost.json("/api/v1/partners/" + homeLab + "/visits?month=" + month).get("visits");
                assertThat(hosted).singleElement().satisfies(visit -> {
                    assertThat(visit.get("direction").asText()).isEqualTo("hosted");
                    assertThat(visit.get("memberId").asText()).isEqualTo(visitor.id());
                    assertThat(visit.get("acknowledged").asBoolean()).as("acknowledged by the home lab").isTrue();
                });
                JsonNode abroad = atHome.json("/api/v1/partners/" + DemoNetwork.HOST_LAB + "/visits?month=" + month)
                        .get("visits");
                assertThat(abroad).singleElement().satisfies(visit -> {
                    assertThat(visit.get("direction").asText()).isEqualTo("abroad");
                    assertThat(visit.get("receiptId").asText()).isEqualTo(hosted.get(0).get("receiptId").asText());
                    assertThat(visit.get("memberId").asText()).isEqualTo(visitor.id());
                    assertThat(visit.get("amountCents").asLong()).isEqualTo(hosted.get(0).get("amountCents").asLong());
                });
            });

            YearMonth lastMonth = YearMonth.now(clock.withZone(TestLabs.ZONE)).minusMonths(1);
            assertThat(labs.settlement()).contains(lastMonth);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                JsonNode atHomeView = atHome.json("/api/v1/partners/" + DemoNetwork.HOST_LAB + "/settlements/"
                        + lastMonth);
                JsonNode atHostView = atHost.json("/api/v1/partners/" + homeLab + "/settlements/" + lastMonth);
                assertThat(atHomeView.get("agrees").asBoolean()).as("the home lab's view agrees").isTrue();
                assertThat(atHostView.get("agrees").asBoolean()).as("the host's view agrees").isTrue();
                assertThat(atHostView.get("hash").asText()).isEqualTo(atHomeView.get("hash").asText());
                assertThat(atHomeView.path("statement").path("visits")).hasSize(1);
                assertThat(atHostView.path("statement").path("visits")).hasSize(1);
            });
            JsonNode hosted = atHost.json("/api/v1/partners/" + homeLab + "/visits?month=" + lastMonth).get("visits");
            assertThat(hosted).singleElement().satisfies(visit -> {
                assertThat(visit.get("memberId").asText()).isEqualTo(visitor.id());
                assertThat(visit.get("amountCents").asLong()).as("the laser's price").isPositive();
            });
        }

        try (DemoNetwork again = DemoNetwork.start(data, ports(), ports(), TestLabs.FAST, clock, Demo.History.NONE)) {
            assertThat(again.settlement()).as("a second run settles nothing").isEmpty();
            String lastMonth = YearMonth.now(clock.withZone(TestLabs.ZONE)).minusMonths(1).toString();
            DemoApi atHost = new DemoApi(again.host().gateway().httpPort(), "treasurer");
            assertThat(atHost.json("/api/v1/partners/" + again.home().config().lab() + "/visits?month=" + lastMonth)
                    .get("visits")).as("the visit of the host's past, written once").hasSize(1);
        }
    }

    /** The HTTP port left to the system, the embedded broker on a free port. */
    private static Map<String, String> ports() {
        return Map.of("FABLAB_HTTP_PORT", "0",
                "FABLAB_MQTT_EMBEDDED_PORT", Integer.toString(EmbeddedBrokerEndToEndIT.freePort()));
    }

    private static int health(Demo lab) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + lab.gateway().httpPort()
                + "/health")).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}

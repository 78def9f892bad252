package org.fablab.gateway.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.fablab.gateway.adapter.jdbc.JdbcPartnerStore;
import org.fablab.gateway.adapter.jdbc.JdbcVisitStore;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.gateway.network.Receipts;
import org.fablab.gateway.network.VisitCharge;
import org.fablab.gateway.port.ManualClock;
import org.fablab.gateway.port.ManualScheduler;
import org.fablab.gateway.port.VisitStore;
import org.fablab.gateway.service.NetworkSettlements;
import org.fablab.gateway.service.VisitReceipts;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.Json;
import org.fablab.protocol.network.NetworkTopic;
import org.fablab.protocol.network.SettlementStatement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The settlement job over a real SQLite database: it rebuilds only the closed months that changed since it last
 * looked, and still sends every change, across restarts and with two instances on one database. What it builds is
 * counted where it reads the month's issued receipts (each statement reads them once), never timed.
 */
class SettlementJobTest {
    private static final Principal TREASURER = new Principal("t", Role.TREASURER, null, "T");

    @TempDir
    Path folder;
    private final ManualClock clock = new ManualClock(Instant.parse("2026-09-02T10:00:00Z"));
    private final List<SettlementStatement> sent = new CopyOnWriteArrayList<>();
    private ApiHarness api;

    @BeforeEach
    void start() {
        api = new ApiHarness(folder, clock);
        api.browser(Role.ADMIN).post("/api/v1/partners", "{\"id\":\"lab-a\",\"name\":\"Fablab A\",\"publicKey\":\""
                + Ed25519Keys.encode(Ed25519Keys.generate().getPublic()) + "\"}");
    }

    @AfterEach
    void stop() {
        api.close();
    }

    /** One gateway instance's settlement job, over its own view of the shared database. */
    private final class Instance {
        final AtomicInteger built = new AtomicInteger();
        /** Runs once, right after the next statement has read its issued receipts. */
        Runnable whileBuilding = () -> { };
        final NetworkSettlements settlements;

        Instance() {
            this(SettlementJobTest.this::keep);
        }

        Instance(VisitReceipts.BodySink sink) {
            VisitStore jdbc = new JdbcVisitStore(api.dataSource());
            VisitStore counted = (VisitStore) Proxy.newProxyInstance(VisitStore.class.getClassLoader(),
                    new Class<?>[] {VisitStore.class}, (proxy, method, args) -> {
                        Object result;
                        try {
                            result = method.invoke(jdbc, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                        if (method.getName().equals("issued")) {
                            built.incrementAndGet();
                            Runnable hook = whileBuilding;
                            whileBuilding = () -> { };
                            hook.run();
                        }
                        return result;
                    });
            settlements = new NetworkSettlements("test-lab", counted, new JdbcPartnerStore(api.dataSource()), sink,
                    new ManualScheduler(clock), clock);
        }

        /** Runs the job once; returns how many statements it built. */
        int run() {
            int before = built.get();
            settlements.sendDue();
            return built.get() - before;
        }
    }

    @Test
    void aRunWhereNothingChanged_rebuildsNoStatement_andAChangeRebuildsItsMonthOnly() {
        clock.set(Instant.parse("2026-12-04T10:00:00Z"));
        for (String month : List.of("2026-08", "2026-09", "2026-10", "2026-11", "2026-12")) {
            issue("r-" + month, month);
        }
        close("2026-11");
        Instance instance = new Instance();

        assertThat(instance.run()).as("every closed month with a receipt, once").isEqualTo(4);
        assertThat(sent).extracting(message -> message.statement().month())
                .containsExactly("2026-08", "2026-09", "2026-10", "2026-11");
        sent.clear();

        assertThat(instance.run()).as("nothing changed: nothing built").isZero();
        assertThat(instance.run()).isZero();
        assertThat(sent).isEmpty();

        record("r-late", "2026-09");
        assertThat(instance.run()).as("a late receipt: its month only").isEqualTo(1);
        assertThat(sent).singleElement().satisfies(message -> {
            assertThat(message.statement().month()).isEqualTo("2026-09");
            assertThat(message.statement().visits()).hasSize(2);
        });
        sent.clear();

        store().statementReceived("lab-a", YearMonth.parse("2026-10"), "{}", "theirs", clock.instant());
        assertThat(instance.run()).as("the partner's statement: its month is looked at").isEqualTo(1);
        assertThat(sent).as("ours did not change: not sent again").isEmpty();

        clock.set(Instant.parse("2027-01-02T10:00:00Z"));
        close("2026-12");
        assertThat(instance.run()).as("a month closed: that month").isEqualTo(1);
        assertThat(sent).extracting(message -> message.statement().month()).containsExactly("2026-12");
        assertThat(instance.run()).isZero();
    }

    @Test
    void aReceiptMonthsLate_isSettledAgain_acrossARestartAndAFailedSending() {
        issue("r-aug", "2026-08");
        close("2026-08");
        assertThat(new Instance().run()).isEqualTo(1);
        assertThat(sent).singleElement().satisfies(message -> assertThat(message.statement().visits()).hasSize(1));

        clock.set(Instant.parse("2026-12-04T10:00:00Z"));
        close("2026-11");
        record("r-aug-late", "2026-08");
        VisitReceipts.BodySink brokerDown = (topic, body) -> {
            throw new IllegalStateException("broker did not take the message");
        };
        new Instance(brokerDown).run();
        assertThat(sent).as("recorded, then stopped before the statement went out").hasSize(1);

        Instance restarted = new Instance();
        assertThat(restarted.run()).isEqualTo(1);
        assertThat(sent).hasSize(2).last().satisfies(message -> {
            assertThat(message.statement().month()).isEqualTo("2026-08");
            assertThat(message.statement().visits()).extracting(SettlementStatement.Visit::receiptId)
                    .as("host by host: lab-a first").containsExactly("r-aug-late", "r-aug");
        });
        assertThat(restarted.run()).isZero();
        assertThat(new Instance().run()).as("another instance, or a later restart, has nothing to do").isZero();
    }

    @Test
    void twoInstances_whoseOlderStatementGoesOutLast_sendTheNewerOneAgain() {
        clock.set(Instant.parse("2026-12-04T10:00:00Z"));
        issue("r-1", "2026-11");
        close("2026-11");
        Instance first = new Instance();
        Instance second = new Instance();
        first.whileBuilding = () -> {
            issue("r-2", "2026-11");
            second.run();
        };

        first.run();

        assertThat(sent).extracting(message -> message.statement().visits().size())
                .as("the second instance sent both receipts, then the first its statement read before the second one")
                .containsExactly(2, 1);
        assertThat(second.run()).isEqualTo(1);
        assertThat(sent).hasSize(3).last().satisfies(message -> assertThat(message.statement().visits())
                .extracting(SettlementStatement.Visit::receiptId).containsExactly("r-1", "r-2"));
        assertThat(first.run()).isZero();
        assertThat(second.run()).isZero();
        assertThat(sent).hasSize(3);
    }

    private void keep(NetworkTopic topic, String body) {
        try {
            sent.add(Json.mapper().readValue(body, SettlementStatement.class));
        } catch (JsonProcessingException e) {
            throw new AssertionError("a statement that does not read: " + body, e);
        }
    }

    private VisitStore store() {
        return new JdbcVisitStore(api.dataSource());
    }

    private void close(String month) {
        api.billing.periods().closePeriod(TREASURER, YearMonth.parse(month));
    }

    private void issue(String receiptId, String month) {
        store().issue(new VisitStore.IssuedReceipt("lab-a", receiptId, month, 500, "EUR", 1_200, receiptId,
                Receipts.hash(receiptId), clock.instant(), 0, Optional.empty()));
    }

    private void record(String receiptId, String month) {
        Instant end = clock.instant().minus(Duration.ofHours(1));
        store().record(new VisitStore.RecordedReceipt("lab-a", receiptId, "m-maker", month, 700, "EUR", 1_800,
                "laser-cutter", end.minusSeconds(1_800), end, receiptId, Receipts.hash(receiptId),
                VisitCharge.Treatment.CHARGED, clock.instant()));
    }
}

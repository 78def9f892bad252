package org.fablab.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.fablab.gateway.adapter.jdbc.Database;
import org.fablab.gateway.adapter.jdbc.JdbcAccessStore;
import org.fablab.gateway.adapter.jdbc.JdbcPartnerStore;
import org.fablab.gateway.domain.AuditAction;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.network.Partner;
import org.fablab.gateway.network.VisitPricing;
import org.fablab.gateway.network.VisitorPolicy;
import org.fablab.gateway.port.ManualClock;
import org.fablab.gateway.port.ManualScheduler;
import org.fablab.gateway.port.PublishedAcls;
import org.fablab.protocol.CredentialHasher;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.network.VisitorPasses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The freshness our partners rely on (docs/network.md, "Our pass lists"): over three simulated days, whatever changes
 * come meanwhile, the list a partner holds from us never runs closer to its end than half its validity, less the step
 * the test walks in.
 */
class PassRenewalTest {
    private static final Instant T0 = Instant.parse("2026-12-04T11:00:00Z");
    private static final Duration VALIDITY = Duration.ofHours(24);
    private static final Duration STEP = Duration.ofMinutes(30);

    @TempDir
    Path folder;
    private Database database;
    private ManualScheduler scheduler;
    private NetworkService network;
    private final List<VisitorPasses> sent = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        ManualClock clock = new ManualClock(T0);
        scheduler = new ManualScheduler(clock);
        database = Database.open("jdbc:sqlite:" + folder.resolve("gateway.db"), "", "", 2);
        JdbcPartnerStore partners = new JdbcPartnerStore(database.dataSource());
        partners.add(Partner.of("lab-b", "Lab B", Ed25519Keys.encode(Ed25519Keys.generate().getPublic()),
                VisitorPolicy.ALL, T0, 0, List.of(), VisitPricing.HOST),
                AuditEntry.of(T0, "admin", AuditAction.PARTNER_ADDED, "partner", "lab-b"));
        network = new NetworkService("lab-a", Ed25519Keys.encode(Ed25519Keys.generate().getPublic()), partners,
                new JdbcAccessStore(database.dataSource()),
                Optional.of(new CredentialHasher("pepper-of-the-network".getBytes(StandardCharsets.UTF_8))),
                sent::add, () -> { }, scheduler, PublishedAcls.inProcess(), clock, ZoneId.of("Europe/Paris"),
                VALIDITY);
    }

    @AfterEach
    void stop() {
        scheduler.close();
        database.close();
    }

    @Test
    void aPartnersListIsRenewedAtHalfItsValidity_evenWhenUnchangingRebuildsComeBetween() {
        network.passesMayHaveChanged();
        assertThat(sent).hasSize(1);

        for (Duration walked = Duration.ZERO; walked.compareTo(Duration.ofDays(3)) < 0; walked = walked.plus(STEP)) {
            if (walked.toHours() % 12 == 11) {
                // a change elsewhere in the access facts that leaves our list as it is
                network.passesMayHaveChanged();
            }
            scheduler.advance(STEP);
            Instant now = scheduler.clock().instant();
            VisitorPasses held = sent.get(sent.size() - 1);
            assertThat(held.validUntil()).as("the list the partner holds at %s", now)
                    .isAfterOrEqualTo(now.plus(VALIDITY.dividedBy(2)).minus(STEP));
        }
        // renewed at 12, 24, 36, 48 and 60 h; the one at 72 h falls a millisecond after the walk
        assertThat(sent).as("one renewal every 12 hours, no more").hasSize(1 + 5);
    }
}

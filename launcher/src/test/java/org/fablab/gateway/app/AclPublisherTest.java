package org.fablab.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fablab.gateway.adapter.jdbc.Database;
import org.fablab.gateway.adapter.jdbc.JdbcAclVersions;
import org.fablab.gateway.domain.NodeRecord;
import org.fablab.gateway.port.ManualClock;
import org.fablab.node.domain.AccessPolicy;
import org.fablab.protocol.AclSnapshot;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.Inbound;
import org.fablab.protocol.OfflinePolicy;
import org.fablab.protocol.Signer;
import org.fablab.protocol.Verifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snapshots the publisher signs, as a node verifies and keeps them. */
class AclPublisherTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private final ManualClock clock = new ManualClock(T0);
    private final KeyPair keys = Ed25519Keys.generate();
    private final NodeRecord laser = new NodeRecord("laser-1", "laser-1",
            Ed25519Keys.encode(Ed25519Keys.generate().getPublic()), OfflinePolicy.FAIL_CLOSED, Duration.ofMinutes(15));
    private final List<AclSnapshot> sent = new ArrayList<>();
    private final Verifier node = new Verifier(topic -> Optional.of(keys.getPublic()), clock, Verifier.Limits.DEFAULT);
    @TempDir
    Path folder;
    private Database database;

    @BeforeEach
    void open() {
        database = Database.open("jdbc:sqlite:" + folder.resolve("gateway.db"), "", "", 2);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private AclPublisher publisher() {
        return new AclPublisher("demo-lab", new Signer(keys.getPrivate()),
                (topic, payload) -> sent.add((AclSnapshot) ((Inbound.Accepted) node.verify(topic.toString(), payload))
                        .message()), new JdbcAclVersions(database), clock);
    }

    @Test
    void twoPublishersOnOneDatabase_andAClockSteppedBack_eachReplaceTheNodesAcl() {
        AclPublisher first = publisher();
        AclPublisher second = publisher();
        first.publish(laser, List.of());
        second.publish(laser, List.of());
        clock.set(T0.minusSeconds(90));
        first.publish(laser, List.of());

        assertThat(sent).hasSize(3);
        AccessPolicy policy = AccessPolicy.empty();
        for (AclSnapshot acl : sent) {
            assertThat(policy.isReplacedBy(acl)).as("version %s", acl.version()).isTrue();
            policy = AccessPolicy.of(acl);
        }
    }

    @Test
    void aBrokerError_isThrownSoTheCallerRetries() {
        AclPublisher offline = new AclPublisher("demo-lab", new Signer(keys.getPrivate()), (topic, payload) -> {
            throw new IOException("connection lost");
        }, new JdbcAclVersions(database), clock);

        assertThatThrownBy(() -> offline.publish(laser, List.of())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("connection lost");
    }
}

package org.fablab.node.adapter.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.fablab.node.domain.InterruptedSession;
import org.fablab.node.port.NodeMemory;
import org.fablab.node.port.Outbox;
import org.fablab.protocol.CredentialHasher;
import org.fablab.protocol.EventData;
import org.fablab.protocol.MachineState;
import org.fablab.protocol.NodeEvent;
import org.fablab.protocol.Signer;
import org.fablab.protocol.TestVectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteNodeStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final Signer SIGNER = new Signer(TestVectors.nodePrivateKey("laser-1"));
    private static final EventData BOOTED = new EventData.NodeBooted("test", 0);

    @TempDir
    Path dir;

    @Test
    void append_allocatesStrictlyIncreasingSeq_acrossReopen() {
        try (SqliteNodeStore store = open()) {
            assertThat(append(store, BOOTED).seq()).isEqualTo(1);
            assertThat(append(store, BOOTED).seq()).isEqualTo(2);
        }
        try (SqliteNodeStore store = open()) {
            assertThat(append(store, BOOTED).seq()).isEqualTo(3);
        }
    }

    @Test
    void append_neverReusesTheSeqOfAnAcknowledgedEntry() {
        try (SqliteNodeStore store = open()) {
            append(store, BOOTED);
            append(store, BOOTED);
            store.remove(1);
            store.remove(2);
        }
        try (SqliteNodeStore store = open()) {
            assertThat(store.pending(10)).isEmpty();
            assertThat(append(store, BOOTED).seq()).isEqualTo(3);
        }
    }

    @Test
    void entry_staysPendingAcrossReopen_untilAcknowledged() {
        Outbox.Entry first;
        try (SqliteNodeStore store = open()) {
            first = append(store, BOOTED);
            append(store, BOOTED);
        }
        try (SqliteNodeStore store = open()) {
            assertThat(store.pending(10)).extracting(Outbox.Entry::seq).containsExactly(1L, 2L);
            Outbox.Entry stored = store.pending(10).get(0);
            assertThat(stored.id()).isEqualTo(first.id());
            assertThat(stored.topic()).isEqualTo("fablab/v1/demo-lab/nodes/laser-1/events");
            assertThat(stored.payload()).isEqualTo(first.payload());

            store.remove(1);

            assertThat(store.pending(10)).extracting(Outbox.Entry::seq).containsExactly(2L);
        }
    }

    @Test
    void pending_isLimitedAndInSeqOrder() {
        try (SqliteNodeStore store = open()) {
            for (int i = 0; i < 5; i++) {
                append(store, BOOTED);
            }
            store.remove(2);

            assertThat(store.pending(3)).extracting(Outbox.Entry::seq).containsExactly(1L, 3L, 4L);
        }
    }

    @Test
    void seq_afterACrash_resumesAboveEverySeqHandedOut_andNeverReusesOne() {
        SqliteNodeStore crashed = open();
        List<Long> before = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            before.add(crashed.nextSeq());
            before.add(append(crashed, BOOTED).seq());
        }
        // The first store is never closed, as after a power loss: the next one opens the file as it was left.
        List<Long> after = new ArrayList<>();
        try (SqliteNodeStore restarted = open()) {
            after.add(restarted.nextSeq());
            after.add(append(restarted, BOOTED).seq());
            assertThat(restarted.pending(100)).hasSize(5 + 1);
        }
        crashed.close();
        try (SqliteNodeStore again = open()) {
            after.add(again.nextSeq());
        }

        assertThat(before).isSorted().doesNotHaveDuplicates();
        assertThat(after).isSorted().doesNotHaveDuplicates();
        assertThat(after.get(0)).isGreaterThan(before.get(before.size() - 1));
    }

    @Test
    void seqs_costOneCommitPerBlock_notOnePerSeq() {
        try (SqliteNodeStore store = open()) {
            AtomicInteger commits = new AtomicInteger();
            store.onCommit(commits::incrementAndGet);

            long first = store.nextSeq();
            for (int i = 1; i < 3 * SqliteNodeStore.SEQ_BLOCK; i++) {
                assertThat(store.nextSeq()).isEqualTo(first + i);
            }

            assertThat(commits).hasValue(3);
        }
    }

    @Test
    void eventsAndAuthRequests_shareOneStrictlyIncreasingCounter_acrossBlocks() {
        List<Long> seqs = new ArrayList<>();
        try (SqliteNodeStore store = open()) {
            for (int i = 0; i < SqliteNodeStore.SEQ_BLOCK + 10; i++) {
                seqs.add(i % 7 == 0 ? append(store, BOOTED).seq() : store.nextSeq());
            }
        }
        try (SqliteNodeStore store = open()) {
            seqs.add(store.nextSeq());
            seqs.add(append(store, BOOTED).seq());
        }

        assertThat(seqs).isSorted().doesNotHaveDuplicates();
        assertThat(seqs.get(seqs.size() - 1)).isEqualTo(seqs.size());
    }

    @Test
    void append_whenSealingFails_storesNothing() {
        try (SqliteNodeStore store = open()) {
            assertThatThrownBy(() -> store.append(seq -> {
                throw new IllegalStateException("signing failed");
            })).hasMessage("signing failed");

            assertThat(store.pending(10)).isEmpty();
            assertThat(append(store, BOOTED).seq()).isEqualTo(1);
        }
    }

    @Test
    void sessionJournal_followsStartProgressAndEnd_acrossReopen() {
        var badge = new CredentialHasher(TestVectors.pepper()).hash("mifare-uid", "04A1B2C3D4E5F6", false);
        try (SqliteNodeStore store = open()) {
            append(store, new EventData.SessionStarted("s-1", T0, badge, "m-alice", true));
            append(store, new EventData.SessionProgress("s-1", 120, 30, 1.5));
        }
        try (SqliteNodeStore store = open()) {
            assertThat(store.openSessions()).containsExactly(new InterruptedSession("s-1", T0, 120, 30, 1.5));

            append(store, new EventData.SessionEnded("s-1", T0, T0.plusSeconds(150), 150, 30, 1.5,
                    org.fablab.protocol.EndReason.BADGE_OUT, false));

            assertThat(store.openSessions()).isEmpty();
        }
    }

    @Test
    void adminState_isTheLastMachineStateEvent() {
        try (SqliteNodeStore store = open()) {
            assertThat(store.adminState()).isEqualTo(MachineState.IDLE);
            append(store, new EventData.MachineStateChanged(MachineState.BLOCKED, "broken"));
        }
        try (SqliteNodeStore store = open()) {
            assertThat(store.adminState()).isEqualTo(MachineState.BLOCKED);
        }
    }

    @Test
    void acl_isKeptAsRawPayload_andReplaced() {
        try (SqliteNodeStore store = open()) {
            assertThat(store.loadAcl()).isEmpty();
            store.saveAcl(new NodeMemory.StoredAcl("t/1", "first".getBytes(StandardCharsets.UTF_8)));
            store.saveAcl(new NodeMemory.StoredAcl("t/2", "second".getBytes(StandardCharsets.UTF_8)));
        }
        try (SqliteNodeStore store = open()) {
            NodeMemory.StoredAcl acl = store.loadAcl().orElseThrow();
            assertThat(acl.topic()).isEqualTo("t/2");
            assertThat(new String(acl.payload(), StandardCharsets.UTF_8)).isEqualTo("second");
        }
    }

    @Test
    void firstTimeCommand_isTrueOnce_acrossReopen() {
        try (SqliteNodeStore store = open()) {
            assertThat(store.firstTimeCommand("c-1")).isTrue();
            assertThat(store.firstTimeCommand("c-1")).isFalse();
        }
        try (SqliteNodeStore store = open()) {
            assertThat(store.firstTimeCommand("c-1")).isFalse();
            assertThat(store.firstTimeCommand("c-2")).isTrue();
        }
    }

    private SqliteNodeStore open() {
        return SqliteNodeStore.open(dir.resolve("sub").resolve("node.db"));
    }

    private static Outbox.Entry append(SqliteNodeStore store, EventData data) {
        return store.append(seq -> {
            NodeEvent event = NodeEvent.of("demo-lab", "laser-1", T0, seq, UUID.randomUUID().toString(), data);
            return new Outbox.Sealed(event, SIGNER.sign(event));
        });
    }
}

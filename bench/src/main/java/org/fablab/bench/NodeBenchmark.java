package org.fablab.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.fablab.node.adapter.sqlite.SqliteNodeStore;
import org.fablab.node.app.MachineNode;
import org.fablab.node.app.NodeConfig;
import org.fablab.node.app.NodeHardware;
import org.fablab.node.domain.AccessDecision;
import org.fablab.node.domain.AccessPolicy;
import org.fablab.node.domain.NodeAction;
import org.fablab.node.domain.NodeInput;
import org.fablab.node.domain.SessionMachine;
import org.fablab.node.domain.SessionSettings;
import org.fablab.node.port.NodeMemory;
import org.fablab.protocol.AclSnapshot;
import org.fablab.protocol.Channel;
import org.fablab.protocol.Command;
import org.fablab.protocol.CommandAction;
import org.fablab.protocol.CredentialHasher;
import org.fablab.protocol.CredentialRef;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.MachineState;
import org.fablab.protocol.Message;
import org.fablab.protocol.OfflinePolicy;
import org.fablab.protocol.Signer;
import org.fablab.protocol.Topic;

/**
 * Machine node figures: node start time (first start in a fresh JVM, then a warm restart), badge-to-relay
 * decision time from the cached ACL (hash the UID with the lab pepper, decide from the ACL, run the session
 * machine up to its relay-on action) beside a {@code HashMap} lookup of the same hash measured in the same
 * run, and heap and RSS after simulated sessions through a whole node (SQLite outbox, MQTT uplink).
 * Usage: {@code java -Xmx64m -cp bench/target/bench.jar org.fablab.bench.NodeBenchmark [sessions] [broker URL]};
 * see docs/node.md.
 */
public final class NodeBenchmark {
    private static final String LAB = "bench-lab";
    private static final int ACL_MEMBERS = 2_000;
    private static final int DECISIONS = 200_000;
    private static final int WARMUP = 50_000;

    private NodeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        String broker = args.length > 1 ? args[1] : "tcp://127.0.0.1:1883";
        String node = "bench-node-" + ProcessHandle.current().pid();
        Path dir = Files.createTempDirectory("node-bench");
        KeyPair gateway = Ed25519Keys.generate();
        byte[] pepper = new byte[32];
        new SecureRandom().nextBytes(pepper);
        CredentialHasher hasher = new CredentialHasher(pepper);
        List<String> uids = new ArrayList<>();
        for (int i = 0; i < ACL_MEMBERS; i++) {
            uids.add(String.format("04%012X", 0x1000_0000L + i * 7919L));
        }
        AclSnapshot acl = acl(node, hasher, uids);
        NodeConfig config = NodeConfig.of(LAB, node, broker, Ed25519Keys.encode(Ed25519Keys.generate().getPrivate()),
                        Ed25519Keys.encode(gateway.getPublic()), HexFormat.of().formatHex(pepper), dir)
                .withTimings(Duration.ZERO, Duration.ofHours(8), Duration.ofSeconds(60));
        try (SqliteNodeStore store = SqliteNodeStore.open(dir.resolve("node.db"))) {
            store.saveAcl(new NodeMemory.StoredAcl(Topic.of(LAB, node, Channel.ACL).toString(),
                    new Signer(gateway.getPrivate()).sign(acl)));
        }

        double coldStartMs = startMillis(config);
        double warmStartMs = startMillis(config);
        long[] decision = decisionNanos(hasher, acl, uids);
        long[] baseline = hashMapNanos(hasher, acl, uids);
        long[] heap = sessionsHeap(config, sessions, uids.get(0));

        System.out.println();
        System.out.println("| figure | value | baseline (same run) |");
        System.out.println("|---|---|---|");
        System.out.printf("| badge-to-relay decision from the cached ACL (%,d members), p50 / p99, µs | %.1f / %.1f "
                        + "| HashMap lookup of the hash %.2f / %.2f |%n", ACL_MEMBERS,
                Percentiles.of(decision, 50) / 1000.0, Percentiles.of(decision, 99) / 1000.0,
                Percentiles.of(baseline, 50) / 1000.0, Percentiles.of(baseline, 99) / 1000.0);
        System.out.printf("| node start (store open, ACL verified, booted), first in the JVM / warm, ms | %.0f / %.0f | |%n",
                coldStartMs, warmStartMs);
        System.out.printf("| heap used after GC: after start / after %,d sessions / after %,d sessions, MiB | %.1f / %.1f / %.1f | |%n",
                sessions / 10, sessions, heap[0] / 1048576.0, heap[1] / 1048576.0, heap[2] / 1048576.0);
        System.out.printf("| RSS after %,d sessions, MiB | %.1f | |%n", sessions, heap[3] / 1024.0);
        System.out.printf("(max heap %d MiB, broker %s, %d cores, %s)%n",
                Runtime.getRuntime().maxMemory() / 1048576, broker, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    }

    private static AclSnapshot acl(String node, CredentialHasher hasher, List<String> uids) {
        List<AclSnapshot.Entry> entries = new ArrayList<>();
        for (int i = 0; i < uids.size(); i++) {
            entries.add(new AclSnapshot.Entry(hasher.hash("mifare-uid", uids.get(i), false).hash(), "m-" + i,
                    "Member " + i, false));
        }
        return new AclSnapshot(Message.VERSION, LAB, node, Instant.now(), 1, OfflinePolicy.FAIL_CLOSED,
                Duration.ofHours(1), entries);
    }

    private static double startMillis(NodeConfig config) {
        long t0 = System.nanoTime();
        MachineNode node = MachineNode.start(config, NodeHardware.simulated(), Clock.systemUTC());
        double ms = (System.nanoTime() - t0) / 1e6;
        if (node.aclVersion().isEmpty()) {
            throw new IllegalStateException("the node did not load the cached ACL");
        }
        node.close();
        return ms;
    }

    /** Hash + ACL decision + session machine up to the relay-on action; the session is then forced off, untimed. */
    private static long[] decisionNanos(CredentialHasher hasher, AclSnapshot acl, List<String> uids) {
        AccessPolicy policy = AccessPolicy.of(acl);
        SessionMachine machine = new SessionMachine(new SessionSettings(Duration.ZERO, Duration.ofHours(8),
                Duration.ofSeconds(60), "bench"), () -> "s");
        machine.handle(new NodeInput.Booted(Instant.now(), MachineState.IDLE, List.of()));
        long[] samples = new long[DECISIONS];
        for (int i = 0; i < WARMUP + DECISIONS; i++) {
            String uid = uids.get(i % uids.size());
            Instant now = Instant.now();
            long t0 = System.nanoTime();
            CredentialRef credential = hasher.hash("mifare-uid", uid, false);
            AccessDecision decision = policy.decide(credential, now);
            List<NodeAction> actions = machine.handle(new NodeInput.BadgeRead(credential, decision, now));
            long t1 = System.nanoTime();
            if (!actions.contains(new NodeAction.SwitchPower(true))) {
                throw new IllegalStateException("no relay-on for a granted badge: " + actions);
            }
            if (i >= WARMUP) {
                samples[i - WARMUP] = t1 - t0;
            }
            machine.handle(new NodeInput.CommandReceived(new Command(Message.VERSION, LAB, acl.node(), now, "c" + i,
                    CommandAction.FORCE_OFF, Map.of()), now));
        }
        Arrays.sort(samples);
        return samples;
    }

    private static long[] hashMapNanos(CredentialHasher hasher, AclSnapshot acl, List<String> uids) {
        Map<String, String> members = new HashMap<>();
        acl.entries().forEach(e -> members.put(e.credentialHash(), e.memberId()));
        List<String> hashes = uids.stream().map(u -> hasher.hash("mifare-uid", u, false).hash()).toList();
        long[] samples = new long[DECISIONS];
        long found = 0;
        for (int i = 0; i < WARMUP + DECISIONS; i++) {
            String hash = hashes.get(i % hashes.size());
            long t0 = System.nanoTime();
            String member = members.get(hash);
            long t1 = System.nanoTime();
            found += member == null ? 0 : 1;
            if (i >= WARMUP) {
                samples[i - WARMUP] = t1 - t0;
            }
        }
        if (found != WARMUP + DECISIONS) {
            throw new IllegalStateException("lookups missed");
        }
        Arrays.sort(samples);
        return samples;
    }

    /** Heap after start, after a tenth of the sessions and after all of them; then RSS in KiB. */
    private static long[] sessionsHeap(NodeConfig config, int sessions, String uid) throws Exception {
        NodeHardware hardware = NodeHardware.simulated();
        long[] out = new long[4];
        try (MachineNode node = MachineNode.start(config, hardware, Clock.systemUTC())) {
            out[0] = usedHeapAfterGc();
            for (int i = 1; i <= sessions; i++) {
                hardware.simulatedReader().present("mifare-uid", uid);
                waitFor(node, MachineState.ACTIVE);
                hardware.simulatedReader().present("mifare-uid", uid);
                waitFor(node, MachineState.IDLE);
                if (i == sessions / 10) {
                    out[1] = usedHeapAfterGc();
                }
            }
            out[2] = usedHeapAfterGc();
            out[3] = rssKib();
        }
        return out;
    }

    private static void waitFor(MachineNode node, MachineState state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (node.state() != state) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the node did not reach " + state.wire());
            }
            Thread.onSpinWait();
        }
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long rssKib() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

}

package org.fablab.launcher;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.fablab.protocol.MachineState;

/**
 * Makes the demo lab live: now and then a member badges onto an idle machine, and after a while
 * records the material used and badges again to end the session; once in a while a stranger's badge is refused.
 * At a lab that receives visitors from a partner lab, one badge-in out of two is a visitor's while none is using a
 * machine, so that a visit comes within a few minutes.
 */
final class DemoScript implements AutoCloseable {
    private static final Duration TICK = Duration.ofSeconds(4);
    /** Past the laser's minimum billable minute (DemoLab's price lists), so that every session shows a charge. */
    private static final Duration MIN_SESSION = Duration.ofSeconds(75);

    private record Running(DemoLab.Member member, Instant until) {
    }

    private final Demo demo;
    private final List<DemoLab.Member> visitors;
    private final Clock clock;
    private final Random random = new Random();
    private final Map<String, Running> running = new HashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "demo-script");
        thread.setDaemon(true);
        return thread;
    });

    DemoScript(Demo demo, Clock clock) {
        this(demo, List.of(), clock);
    }

    /** @param visitors partner labs' members who visit this lab, badged as its members are */
    DemoScript(Demo demo, List<DemoLab.Member> visitors, Clock clock) {
        this.demo = demo;
        this.visitors = List.copyOf(visitors);
        this.clock = clock;
    }

    void start() {
        timer.scheduleWithFixedDelay(this::tick, 2, TICK.toSeconds(), TimeUnit.SECONDS);
    }

    private void tick() {
        Instant now = clock.instant();
        List<DemoLab.Member> members = Demo.members();
        for (String node : demo.nodeIds()) {
            Running session = running.get(node);
            MachineState state = demo.node(node).state();
            if (session != null && now.isAfter(session.until()) && state == MachineState.ACTIVE) {
                DemoLab.consumableFor(demo.node(node), DemoLab.kindOf(node), random);
                present(node, session.member());
                running.remove(node);
            } else if (session == null && state == MachineState.IDLE && random.nextInt(4) == 0) {
                if (random.nextInt(8) == 0) {
                    present(node, Demo.stranger());
                } else {
                    DemoLab.Member member = nextPerson(members);
                    present(node, member);
                    running.put(node, new Running(member, now.plusSeconds(MIN_SESSION.toSeconds() + random.nextInt(120))));
                }
            } else if (session != null && state != MachineState.ACTIVE && state != MachineState.ENDING) {
                running.remove(node);
            }
        }
    }

    /** A visitor not on a machine yet, one time out of two if there is one, otherwise a member. */
    private DemoLab.Member nextPerson(List<DemoLab.Member> members) {
        List<DemoLab.Member> idleVisitors = visitors.stream().filter(visitor -> running.values().stream()
                .noneMatch(session -> session.member().equals(visitor))).toList();
        if (!idleVisitors.isEmpty() && random.nextBoolean()) {
            return idleVisitors.get(random.nextInt(idleVisitors.size()));
        }
        return members.get(random.nextInt(members.size()));
    }

    private void present(String node, DemoLab.Member member) {
        demo.reader(node).present(member.badgeType(), member.badgeUid());
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

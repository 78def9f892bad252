package org.fablab.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * When one simulated node publishes what, from its own seed: a badge opens a session, progress reports and
 * consumables follow, the session ends, the next badge opens another. Gaps between events are uniform in
 * [½, 1½) of the mean gap, so a node never bursts and the network's rate stays near {@code nodes / meanGap}.
 *
 * @param steps in time order
 */
public record NodeSchedule(List<Step> steps) {
    /** Events between a session's start and its end, both bounds included. */
    static final int MIN_MIDDLE = 2;
    static final int MAX_MIDDLE = 6;

    public NodeSchedule {
        steps = List.copyOf(steps);
    }

    public enum Kind { SESSION_STARTED, SESSION_PROGRESS, CONSUMABLE_RECORDED, SESSION_ENDED }

    /**
     * @param atMillis from the start of the run
     * @param badge    for {@link Kind#SESSION_STARTED}, which of the node's badges opens the session; else -1
     */
    public record Step(long atMillis, Kind kind, int badge) {
    }

    /**
     * @param length  no step at or after it
     * @param meanGap mean time between two events of the node; the first comes within one mean gap
     * @param badges  how many badges the node's users have
     */
    public static NodeSchedule generate(long seed, Duration length, Duration meanGap, int badges) {
        if (badges < 1 || meanGap.toMillis() < 2) {
            throw new IllegalArgumentException("needs at least one badge and a mean gap of 2 ms or more");
        }
        Random random = new Random(seed);
        long gap = meanGap.toMillis();
        List<Step> steps = new ArrayList<>();
        long at = random.nextLong(gap);
        int middleLeft = -1;
        while (at < length.toMillis()) {
            if (middleLeft < 0) {
                steps.add(new Step(at, Kind.SESSION_STARTED, random.nextInt(badges)));
                middleLeft = MIN_MIDDLE + random.nextInt(MAX_MIDDLE - MIN_MIDDLE + 1);
            } else if (middleLeft == 0) {
                steps.add(new Step(at, Kind.SESSION_ENDED, -1));
                middleLeft = -1;
            } else {
                steps.add(new Step(at, random.nextInt(4) == 0 ? Kind.CONSUMABLE_RECORDED : Kind.SESSION_PROGRESS, -1));
                middleLeft--;
            }
            at += gap / 2 + random.nextLong(gap);
        }
        return new NodeSchedule(steps);
    }
}

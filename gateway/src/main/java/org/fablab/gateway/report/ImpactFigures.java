package org.fablab.gateway.report;

import java.time.DayOfWeek;
import java.time.YearMonth;
import java.util.List;

/**
 * Every figure of the impact report for one period (docs/impact.md lists them with their exact definitions). Counts
 * of people, sessions and events are {@link Count}s so that suppression can reach every one of them; durations are
 * seconds, energy watt-hours, money cents. Lists are sorted as docs/impact.md says, so two computations of the same
 * data compare equal.
 */
public record ImpactFigures(People people, Machines machines, Skills skills, Materials materials, Money money,
                            Network network, List<MonthUsage> months) {
    public ImpactFigures {
        months = List.copyOf(months);
    }

    /**
     * People are our members: a partner lab's visitor is counted under {@link Network}, not here.
     *
     * @param activeMembers members with at least one session starting in the period
     * @param newMembers    members created in the period
     * @param regular       active members with sessions on at least the report's regular-use number of distinct days
     * @param occasional    the other active members
     * @param byGroup       active members per member group, "" for members without a group
     * @param byTerritory   active members per recorded territory, "" for members without one
     */
    public record People(Count activeMembers, Count newMembers, Count regular, Count occasional,
                         List<Share> byGroup, List<Share> byTerritory) {
        public People {
            byGroup = List.copyOf(byGroup);
            byTerritory = List.copyOf(byTerritory);
        }
    }

    /** A named part of a whole, counted. */
    public record Share(String name, Count count) {
    }

    /**
     * @param freeWindowSeconds the part of {@code wallSeconds} inside the lab's free windows
     * @param occupancy         seconds of machine use per local weekday and hour, only cells above zero
     * @param refusals          badges refused at machines per node reason
     */
    public record Machines(Count sessions, long wallSeconds, long activeSeconds, long freeWindowSeconds,
                           List<MachineUsage> perMachine, List<MachineUsage> perKind, List<OccupancyCell> occupancy,
                           List<Share> refusals) {
        public Machines {
            perMachine = List.copyOf(perMachine);
            perKind = List.copyOf(perKind);
            occupancy = List.copyOf(occupancy);
            refusals = List.copyOf(refusals);
        }
    }

    /** Use of one machine (by its name) or one machine kind. */
    public record MachineUsage(String name, String kind, Count sessions, long wallSeconds, long activeSeconds) {
    }

    public record OccupancyCell(DayOfWeek day, int hour, long seconds) {
    }

    /**
     * @param delivered   certifications granted in the period
     * @param byPeers     of those, granted by a member who is a trainer of that training
     * @param byStaff     the others (fabmanagers, admins)
     * @param activeAtEnd certifications valid on the period's last day
     * @param lapsed      certifications whose validity ended in the period, revoked or expired
     * @param firstTime   members whose first certification ever was granted in the period
     * @param perTraining certifications delivered per training name
     */
    public record Skills(Count delivered, Count byPeers, Count byStaff, Count activeAtEnd, Count lapsed,
                         Count firstTime, List<Share> perTraining) {
        public Skills {
            perTraining = List.copyOf(perTraining);
        }
    }

    /**
     * @param consumables    quantities used per catalogue item, in the item's unit
     * @param energyWh       energy the nodes measured over sessions starting in the period
     * @param repairSessions sessions tagged repair; likewise the other three
     */
    public record Materials(List<MaterialUse> consumables, long energyWh, Count repairSessions, Count reuseSessions,
                            Count repairConsumables, Count reuseConsumables) {
        public Materials {
            consumables = List.copyOf(consumables);
        }
    }

    public record MaterialUse(String label, String unit, long quantity) {
    }

    /**
     * Revenue is what the ledger charged in the period, net of reversals, tax included.
     *
     * @param waivedFreeWindowCents machine time not charged because it fell in a free window
     * @param waivedGroupCents      discounts given to member groups
     * @param outstandingCents      what members owed the lab at the end of the period (sum of negative balances);
     *                              partners' network accounts are settled with the partner and left out
     */
    public record Money(long machineTimeCents, long consumablesCents, long plansCents, long otherCents,
                        long waivedFreeWindowCents, long waivedGroupCents, long outstandingCents) {
    }

    /**
     * Visits between partner labs (docs/network.md): their members here, ours at theirs.
     *
     * @param visitorsFromPartners partners' members with a session here starting in the period
     * @param visitsHosted         their sessions
     * @param hostedSeconds        those sessions' wall time
     * @param membersAbroad        our members with a visit at a partner starting in the period, from its receipts
     * @param visitsAbroad         those visits
     * @param abroadSeconds        their wall time as the partners receipted it
     * @param abroadChargedCents   what our members were charged for visits at partners in the period (net of
     *                             corrections): passed on to the partners at the monthly settlement, so not revenue
     *                             of ours and not in {@link Money}
     */
    public record Network(Count visitorsFromPartners, Count visitsHosted, long hostedSeconds, Count membersAbroad,
                          Count visitsAbroad, long abroadSeconds, long abroadChargedCents) {
    }

    /** Usage per calendar month of the period, for the chart of usage over months. */
    public record MonthUsage(YearMonth month, Count sessions, long wallSeconds, Count members) {
    }
}

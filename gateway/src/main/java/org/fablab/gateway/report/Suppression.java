package org.fablab.gateway.report;

import java.util.List;
import java.util.function.UnaryOperator;
import org.fablab.gateway.report.ImpactFigures.Machines;
import org.fablab.gateway.report.ImpactFigures.MachineUsage;
import org.fablab.gateway.report.ImpactFigures.Materials;
import org.fablab.gateway.report.ImpactFigures.MonthUsage;
import org.fablab.gateway.report.ImpactFigures.Network;
import org.fablab.gateway.report.ImpactFigures.People;
import org.fablab.gateway.report.ImpactFigures.Share;
import org.fablab.gateway.report.ImpactFigures.Skills;

/**
 * Shows every {@link Count} of a report as a funder may see it ({@link Count#suppressed}): exact counts from 1 to the
 * threshold minus one become {@code "<threshold"}, in every part and every list. Durations, energy and money are
 * sums, not counts of people or events, and stay as they are. Pure; thread-safe.
 */
public final class Suppression {
    private Suppression() {
    }

    public static ImpactReport apply(ImpactReport report, int threshold) {
        return new ImpactReport(report.schema(), report.lab(), report.zone(), report.settings(), report.generatedAt(),
                part(report.current(), threshold), part(report.previous(), threshold),
                part(report.yearEarlier(), threshold));
    }

    private static ImpactReport.Part part(ImpactReport.Part part, int threshold) {
        return new ImpactReport.Part(part.period(), figures(part.figures(), threshold));
    }

    public static ImpactFigures figures(ImpactFigures f, int threshold) {
        UnaryOperator<Count> c = count -> count.suppressed(threshold);
        People p = f.people();
        Machines m = f.machines();
        Skills s = f.skills();
        Materials mat = f.materials();
        Network n = f.network();
        return new ImpactFigures(
                new People(c.apply(p.activeMembers()), c.apply(p.newMembers()), c.apply(p.regular()),
                        c.apply(p.occasional()), shares(p.byGroup(), c), shares(p.byTerritory(), c)),
                new Machines(c.apply(m.sessions()), m.wallSeconds(), m.activeSeconds(), m.freeWindowSeconds(),
                        usages(m.perMachine(), c), usages(m.perKind(), c), m.occupancy(), shares(m.refusals(), c)),
                new Skills(c.apply(s.delivered()), c.apply(s.byPeers()), c.apply(s.byStaff()),
                        c.apply(s.activeAtEnd()), c.apply(s.lapsed()), c.apply(s.firstTime()),
                        shares(s.perTraining(), c)),
                new Materials(mat.consumables(), mat.energyWh(), c.apply(mat.repairSessions()),
                        c.apply(mat.reuseSessions()), c.apply(mat.repairConsumables()),
                        c.apply(mat.reuseConsumables())),
                f.money(),
                new Network(c.apply(n.visitorsFromPartners()), c.apply(n.visitsHosted()), n.hostedSeconds(),
                        c.apply(n.membersAbroad()), c.apply(n.visitsAbroad()), n.abroadSeconds(),
                        n.abroadChargedCents()),
                f.months().stream().map(u -> new MonthUsage(u.month(), c.apply(u.sessions()), u.wallSeconds(),
                        c.apply(u.members()))).toList());
    }

    private static List<Share> shares(List<Share> shares, UnaryOperator<Count> c) {
        return shares.stream().map(s -> new Share(s.name(), c.apply(s.count()))).toList();
    }

    private static List<MachineUsage> usages(List<MachineUsage> usages, UnaryOperator<Count> c) {
        return usages.stream().map(u -> new MachineUsage(u.name(), u.kind(), c.apply(u.sessions()), u.wallSeconds(),
                u.activeSeconds())).toList();
    }
}

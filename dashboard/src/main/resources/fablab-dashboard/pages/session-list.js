// A member's sessions as a table, for the member page and the "me" page, with what each cost when
// the gateway tells this account (the member themself, treasurers): charged, free or not charged yet.

import { get, query } from '../api.js';
import { now } from '../clock.js';
import { el, panel, table } from '../dom.js';
import { dateTime, duration, label, parseInstant } from '../format.js';
import { t } from '../i18n.js';
import { writerFor } from './billing.js';

const LIMIT = 50;

/**
 * GET /sessions?member={id} as a panel, machines named from GET /machines. Rows of other
 * members are dropped in case the gateway ignores the filter for this role.
 */
export async function sessionsPanel(memberId) {
  const [sessions, machines] = await Promise.all([
    get(`sessions${query({ member: memberId, limit: LIMIT })}`),
    get('machines'),
  ]);
  const names = new Map(machines.map((m) => [m.id, m.name || m.id]));
  const mine = sessions.filter((s) => s && (s.memberId === undefined || s.memberId === memberId));
  const costs = mine.some((s) => s.cost);
  return panel({ title: t('sessions.title'), testid: 'sessions-panel' }, table({
    testid: 'session-list',
    caption: t('sessions.title'),
    columns: [t('sessions.machine'), t('sessions.started'), t('sessions.duration'), t('sessions.end'),
      ...(costs ? [t('sessions.cost')] : [])],
    empty: t('recent.empty'),
    rows: mine.map((s) => ({
      testid: 'session-row',
      data: { sessionId: s.id, sessionState: s.state === 'ended' ? 'ended' : 'active' },
      cells: [
        names.get(s.machine) ?? s.machine ?? '',
        dateTime(s.startedAt),
        duration(seconds(s)),
        s.state === 'ended' ? (s.endReason ? label('endReason', s.endReason) : '') : t('recent.inProgress'),
        ...(costs ? [costCell(s.cost)] : []),
      ],
    })),
  }));
}

/** `cost` of GET /sessions: the net charged, "free" or "not charged yet"; empty when not shown to this account. */
function costCell(cost) {
  if (!cost) {
    return '';
  }
  const text = cost.state === 'charged' ? writerFor(cost.currency)(cost.amountCents) : t(`sessions.cost.${cost.state}`);
  return el('span', { className: 'amount', testid: 'session-cost', text, data: { costState: cost.state, cents: cost.amountCents } });
}

function seconds(session) {
  if (typeof session.wallSeconds === 'number') {
    return session.wallSeconds;
  }
  const start = parseInstant(session.startedAt);
  const end = session.state === 'ended' ? parseInstant(session.endedAt) : now();
  return Number.isNaN(start) || Number.isNaN(end) ? 0 : (end - start) / 1000;
}

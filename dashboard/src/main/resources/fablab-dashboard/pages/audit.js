// #/audit: the append-only audit log, newest first, filtered by member, machine and actor.
// The filters live in the address (#/audit?member=…&machine=…&actor=…) so a link from a
// member's page opens the log already filtered. Fabmanagers and admins also see the refused MQTT
// messages counted per node and reason (the security log keeps only the first of each minute in full).

import { get, query } from '../api.js';
import { el, field, form, link, panel, select, submit, table } from '../dom.js';
import { dateTime, label } from '../format.js';
import { t } from '../i18n.js';
import { navigate } from '../router.js';
import { can } from '../session.js';

const LIMIT = 200;

/** Renders the page; resolves once the filtered entries are shown. */
export async function render(view, { query: hashQuery }) {
  const filters = {
    member: hashQuery.get('member') ?? '',
    machine: hashQuery.get('machine') ?? '',
    actor: hashQuery.get('actor') ?? '',
  };
  const [entries, machines, refusals] = await Promise.all([
    get(`audit${query({ ...filters, limit: LIMIT })}`),
    get('machines'),
    can('security:read') ? get('security-events/counts') : Promise.resolve(null),
  ]);
  const machineNames = new Map(machines.map((m) => [m.id, m.name || m.id]));

  const filterForm = form({
    testid: 'audit-filter-form',
    label: t('audit.filters'),
    className: 'form form-inline',
    action: async (values) => {
      navigate(`#/audit${query({ member: values.member, machine: values.machine, actor: values.actor })}`);
    },
  },
  field({ label: t('audit.member'), name: 'member', testid: 'audit-filter-member', value: filters.member,
    hint: t('audit.memberHint'), attrs: { autocomplete: 'off' } }),
  field({ label: t('audit.machine'), name: 'machine', control: select({
    testid: 'audit-filter-machine',
    value: filters.machine,
    options: [{ value: '', label: t('audit.anyMachine') },
      ...machines.map((m) => ({ value: m.id, label: m.name || m.id }))],
  }) }),
  field({ label: t('audit.actor'), name: 'actor', testid: 'audit-filter-actor', value: filters.actor,
    attrs: { autocomplete: 'off' } }),
  el('div', { className: 'form-actions' }, submit({ text: t('audit.filter'), testid: 'audit-filter-submit' })));

  view.append(panel({ title: t('audit.title'), testid: 'audit-panel' }, filterForm, table({
    testid: 'audit-list',
    caption: t('audit.title'),
    columns: [t('audit.at'), t('audit.actor'), t('audit.action'), t('audit.subject'), t('audit.member'),
      t('audit.machine'), t('common.reason'), t('audit.detail')],
    empty: t('audit.none'),
    rows: entries.map((e) => ({
      testid: 'audit-row',
      data: { auditId: e.id, action: e.action, memberId: e.memberId, machineId: e.machineId, actor: e.actor },
      cells: [
        dateTime(e.at),
        e.actor ?? '',
        label('auditAction', e.action),
        [e.subjectType, e.subjectId].filter(Boolean).join(' '),
        e.memberId && can('members:read')
          ? link({ href: `#/members/${encodeURIComponent(e.memberId)}`, text: e.memberId, testid: 'audit-member-link' })
          : e.memberId ?? '',
        e.machineId ? machineNames.get(e.machineId) ?? e.machineId : '',
        e.reason ?? '',
        typeof e.detail === 'string' ? e.detail : e.detail ? JSON.stringify(e.detail) : '',
      ],
    })),
  })));
  if (refusals !== null) {
    view.append(refusalsPanel(refusals));
  }
}

/** Every refused message, counted per node and reason over the retained period, most first. */
function refusalsPanel(refusals) {
  return panel({ title: t('security.title'), testid: 'refusals-panel' },
    el('p', { className: 'field-hint', text: t('security.hint') }),
    table({
      testid: 'refusal-list',
      caption: t('security.title'),
      columns: [t('security.node'), t('common.reason'), t('security.refused'), t('security.last')],
      empty: t('security.none'),
      rows: refusals.map((r) => ({
        testid: 'refusal-row',
        data: { node: r.node, reason: r.reason, refused: r.refused },
        cells: [r.node || t('security.noNode'), r.reason, String(r.refused), dateTime(r.lastMinute)],
      })),
    }));
}

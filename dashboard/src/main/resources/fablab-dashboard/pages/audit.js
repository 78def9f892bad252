// #/audit: the append-only audit log, newest first, one sentence per entry in the reader's language
// (audit.action.<code> with the entry's parameters, the changed fields of an update named in it too:
// audit-changed.js), names instead of ids, filtered by member,
// machine, actor, action and days, a page at a time, and downloadable as CSV with the same filters.
// The filters and the page live in the address (#/audit?member=…&offset=…) so a link from a
// member's page opens the log already filtered.

import { apiUrl, get, query, unlessForbidden } from '../api.js';
import { changedText } from '../audit-changed.js';
import { el, field, form, link, pager, panel, select, submit, table } from '../dom.js';
import { calendarDate, label, shortDateTime } from '../format.js';
import { has, language, t } from '../i18n.js';
import { formatMoney } from '../money.js';
import { navigate } from '../router.js';
import { can } from '../session.js';

const LIMIT = 50;
const FILTERS = ['member', 'machine', 'actor', 'action', 'from', 'to'];
// parameters that are codes of a family the catalogue translates
const CODED = Object.freeze({
  type: 'badgeType', status: 'badgeStatus', availability: 'availability', mode: 'nodeMode', command: 'command',
  role: 'role', kind: 'kind', machineKind: 'kind', layout: 'layout', policy: 'policy', state: 'state',
  previousRole: 'role', mail: 'mailKind', tag: 'usageTag', visitPricing: 'visitPricing',
});
// every action the gateway writes (AuditAction.java), by the key of its short name, for the action filter
const ACTIONS = Object.freeze([
  'auditAction.login.failed', 'auditAction.account.created', 'auditAction.account.password-changed',
  'auditAction.token.created', 'auditAction.member.created', 'auditAction.member.updated',
  'auditAction.member.deactivated', 'auditAction.member.plan.changed', 'auditAction.badge.enrolled',
  'auditAction.badge.status-changed', 'auditAction.training.created', 'auditAction.training.updated',
  'auditAction.trainer.added', 'auditAction.trainer.removed', 'auditAction.certification.granted',
  'auditAction.certification.revoked', 'auditAction.machine.created', 'auditAction.machine.updated',
  'auditAction.machine.retired', 'auditAction.machine.availability-changed', 'auditAction.node.created',
  'auditAction.node.updated', 'auditAction.node.retired', 'auditAction.node.mode-changed',
  'auditAction.node.command', 'auditAction.node.activated', 'auditAction.node.key-rotated',
  'auditAction.node.key-rotation-confirmed', 'auditAction.node.key-rotation-refused',
  'auditAction.enrollment.created', 'auditAction.enrollment.redeemed', 'auditAction.enrollment.refused',
  'auditAction.consumable.recorded', 'auditAction.consumable.corrected', 'auditAction.consumable.saved',
  'auditAction.ledger.payment', 'auditAction.ledger.credit', 'auditAction.ledger.reversed',
  'auditAction.coupon.created', 'auditAction.coupon.redeemed', 'auditAction.price-list.saved',
  'auditAction.network-price-list.saved', 'auditAction.network-price-list.removed',
  'auditAction.plan.saved', 'auditAction.group.saved', 'auditAction.free-windows.saved',
  'auditAction.billing.settings.changed', 'auditAction.billing.exported', 'auditAction.billing.parked.retry',
  'auditAction.period.closed', 'auditAction.statements.issued', 'auditAction.account.invited',
  'auditAction.account.changed', 'auditAction.account.deactivated', 'auditAction.account.reactivated',
  'auditAction.account.reset-requested', 'auditAction.account.password-reset', 'auditAction.account.mail-failed',
  'auditAction.usage.tagged', 'auditAction.partner.added', 'auditAction.partner.changed',
  'auditAction.partner.removed', 'auditAction.partner.equivalences-set', 'auditAction.settlement.exported']);

/** Renders the page; resolves once the filtered entries are shown. */
export async function render(view, { query: hashQuery }) {
  const filters = Object.fromEntries(FILTERS.map((name) => [name, hashQuery.get(name) ?? '']));
  const offset = Math.max(0, Number.parseInt(hashQuery.get('offset') ?? '0', 10) || 0);
  const [page, machines, members] = await Promise.all([
    get(`audit${query({ ...filters, offset, limit: LIMIT })}`),
    get('machines'),
    can('members:read') ? unlessForbidden(get('members?limit=1000')) : Promise.resolve(null),
  ]);
  const go = (values, at) => navigate(`#/audit${query({ ...values, offset: at || '' })}`);

  const filterForm = form({
    testid: 'audit-filter-form',
    label: t('audit.filters'),
    className: 'form form-inline',
    action: async (values) => go(values, 0),
  },
  members
    ? field({ label: t('audit.member'), name: 'member', control: select({
      testid: 'audit-filter-member',
      value: filters.member,
      options: [{ value: '', label: t('audit.anyMember') },
        ...(filters.member && !members.some((m) => m.id === filters.member)
          ? [{ value: filters.member, label: filters.member }] : []),
        ...members.map((m) => ({ value: m.id, label: m.name || m.id }))],
    }) })
    : field({ label: t('audit.member'), name: 'member', testid: 'audit-filter-member', value: filters.member,
      hint: t('audit.memberHint'), attrs: { autocomplete: 'off' } }),
  field({ label: t('audit.machine'), name: 'machine', control: select({
    testid: 'audit-filter-machine',
    value: filters.machine,
    options: [{ value: '', label: t('audit.anyMachine') },
      ...machines.map((m) => ({ value: m.id, label: m.name || m.id }))],
  }) }),
  field({ label: t('audit.actor'), name: 'actor', testid: 'audit-filter-actor', value: filters.actor,
    attrs: { autocomplete: 'off' } }),
  field({ label: t('audit.actionFilter'), name: 'action', control: select({
    testid: 'audit-filter-action',
    value: filters.action,
    options: [{ value: '', label: t('audit.anyAction') },
      ...ACTIONS.map((key) => ({ value: key.slice('auditAction.'.length), label: t(key) }))
        .sort((a, b) => a.label.localeCompare(b.label, language()))],
  }) }),
  field({ label: t('audit.from'), name: 'from', type: 'date', testid: 'audit-filter-from', value: filters.from }),
  field({ label: t('audit.to'), name: 'to', type: 'date', testid: 'audit-filter-to', value: filters.to }),
  el('div', { className: 'form-actions' }, submit({ text: t('audit.filter'), testid: 'audit-filter-submit' })));

  const csv = el('a', {
    className: 'button button-secondary',
    testid: 'audit-csv',
    text: t('audit.csv'),
    attrs: {
      href: apiUrl(`audit.csv${query({ ...filters, lang: language(),
        layout: language() === 'fr' ? 'french' : 'standard' })}`),
      download: 'audit.csv',
    },
  });

  view.append(panel({ title: t('audit.title'), testid: 'audit-panel' }, filterForm,
    el('div', { className: 'form-actions' }, csv),
    table({
      testid: 'audit-list',
      caption: t('audit.title'),
      columns: [t('audit.at'), t('audit.action'), t('common.reason')],
      empty: t('audit.none'),
      rows: page.entries.map((e) => ({
        testid: 'audit-row',
        data: { auditId: e.id, action: e.action, memberId: e.memberId, machineId: e.machineId, actor: e.actor },
        cells: [
          el('span', { className: 'when', text: shortDateTime(e.at), attrs: { title: e.at } }),
          sentence(e),
          e.reason ?? '',
        ],
      })),
    }),
    pager({ offset: page.offset, limit: page.limit, total: page.total, testid: 'audit-pager',
      go: (at) => go(filters, at) })));
}

/** The entry as a sentence, its member and actor as links to their page when the reader may open it. */
function sentence(entry) {
  const key = `audit.action.${entry.action}`;
  const values = { ...parameters(entry), action: label('auditAction', entry.action) };
  const node = el('span', { className: 'audit-sentence', testid: 'audit-sentence' },
    ...fill(has(key) ? t(key) : t('audit.action.unknown'), values));
  if (entry.detail) {
    node.append(el('span', { className: 'field-hint', text: ` ${t('audit.legacy', { detail: entry.detail })}` }));
  }
  return node;
}

/** Each placeholder's value: text, or a link node. */
function parameters(entry) {
  const values = {};
  for (const [name, value] of Object.entries(entry.params ?? {})) {
    values[name] = CODED[name] ? label(CODED[name], value) : readable(value);
  }
  if (typeof entry.params?.changed === 'string') {
    values.changed = changedText(entry.params.changed);
  }
  if (entry.params?.amountCents !== undefined) {
    values.amount = formatMoney(Number(entry.params.amountCents), entry.params.currency || 'EUR', language());
  }
  const actorName = entry.actorName || entry.actorMemberId || entry.actor || t('audit.someone');
  values.actor = entry.actorMemberId && can('members:read')
    ? link({ href: memberHref(entry.actorMemberId), text: actorName, testid: 'audit-actor-link' })
    : actorName;
  const memberName = entry.memberName || entry.memberId;
  values.member = entry.memberId && can('members:read')
    ? link({ href: memberHref(entry.memberId), text: memberName, testid: 'audit-member-link' })
    : memberName ?? '';
  values.machine = entry.machineId
    ? link({ href: `#/audit${query({ machine: entry.machineId })}`, text: entry.machineName || entry.machineId,
      testid: 'audit-machine-link' })
    : '';
  values.subject = entry.subjectId ?? '';
  return values;
}

function memberHref(memberId) {
  return `#/members/${encodeURIComponent(memberId)}`;
}

/** A day ("2026-11-01") or an instant in the reader's words; any other text as it is. */
function readable(value) {
  const text = String(value);
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    return calendarDate(text);
  }
  if (/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(text)) {
    return shortDateTime(text);
  }
  return text;
}

/** The template's text and placeholders' values as nodes; a placeholder without a value is left out. */
function fill(template, values) {
  const nodes = [];
  template.split(/\{(\w+)\}/).forEach((part, i) => {
    const value = i % 2 === 0 ? part : values[part];
    if (value instanceof Node) {
      nodes.push(value);
    } else if (value !== undefined && value !== null) {
      const last = nodes.length - 1;
      if (typeof nodes[last] === 'string') {
        nodes[last] += String(value);
      } else {
        nodes.push(String(value));
      }
    }
  });
  return nodes.map((n) => (typeof n === 'string' ? n.replace(/ \(\)/g, '').replace(/ {2,}/g, ' ') : n));
}

// The billing part of #/members/{id}: the member's balance and plan (treasurers, admins), and the
// consumables recorded for the member, which fabmanagers, treasurers and admins record and correct.
// A correction reverses the record's charge and charges the corrected quantity (0 cancels it).

import { apiPath, get, post, put, query, unlessForbidden } from '../api.js';
import { el, field, form, panel, select, submit, table } from '../dom.js';
import { dateTime, label } from '../format.js';
import { t } from '../i18n.js';
import { refresh } from '../router.js';
import { can } from '../session.js';
import { balanceText, moneyWriter, readWhole } from './billing.js';
import { recordPanel } from './me-billing.js';

const RECENT_SESSIONS = 20;
const RECORDS_SHOWN = 50;

/** The member page's billing panels for this role, in page order; none for roles without billing. */
export async function memberBillingPanels(member) {
  const plans = can('billing:write');
  const records = can('consumables:record');
  if (!plans && !records) {
    return [];
  }
  const current = { planId: member.planId ?? '' };
  const [money, balance, planList, items, recorded, sessions, machines] = await Promise.all([
    moneyWriter(),
    unlessForbidden(get(apiPath`members/${member.id}/balance`)),
    plans ? get('plans') : null,
    records ? get('consumables') : null,
    records ? unlessForbidden(get(`consumable-records${query({ member: member.id, limit: RECORDS_SHOWN })}`)) : null,
    records ? unlessForbidden(get(`sessions${query({ member: member.id, limit: RECENT_SESSIONS })}`)) : null,
    records ? get('machines') : null,
  ]);
  const reload = async () => refresh();
  const panels = [accountPanel(member, balance, planList, current, money)];
  if (records) {
    const mine = (sessions ?? []).filter((s) => s.memberId === undefined || s.memberId === member.id);
    const machineNames = new Map(machines.map((m) => [m.id, m.name || m.id]));
    panels.push(
      recordPanel(member.id, items.filter((i) => i.active !== false), mine, machineNames, money, reload),
      recordsPanel(recorded, new Map(items.map((i) => [i.id, i])), money));
  }
  return panels;
}

function accountPanel(member, balance, plans, current, money) {
  const owed = balance?.owedCents;
  const facts = el('dl', { className: 'facts', testid: 'member-billing' },
    typeof owed === 'number' ? el('dt', { text: t('ledger.balance') }) : null,
    typeof owed === 'number'
      ? el('dd', { className: 'balance', data: { field: 'balance', cents: owed }, text: balanceText(owed, money, 'member') })
      : null,
    plans ? el('dt', { text: t('member.plan') }) : null,
    plans ? el('dd', { data: { field: 'plan', planId: current.planId },
      text: planText(plans, current) }) : null);
  return panel({ title: t('member.billing'), testid: 'member-billing-panel' },
    facts,
    plans ? planForm(member, plans, current) : null);
}

function planText(plans, current) {
  if (current.planId === '') {
    return t('member.noPlan');
  }
  const plan = plans.find((p) => p.id === current.planId);
  return plan ? plan.name || plan.id : current.planId;
}

function planForm(member, plans, current) {
  const offered = plans.filter((p) => p.active !== false || p.id === current.planId);
  return form({
    testid: 'member-plan-form',
    label: t('member.planChange'),
    className: 'form form-inline',
    action: async ({ planId }) => {
      await put(apiPath`members/${member.id}/plan`, { planId: planId || null });
      refresh();
    },
  },
  field({ label: t('member.planChange'), name: 'planId', control: select({
    testid: 'member-plan-select',
    value: current.planId,
    options: [{ value: '', label: t('member.noPlan') }, ...offered.map((p) => ({ value: p.id, label: p.name || p.id }))],
  }) }),
  el('div', { className: 'form-actions' }, submit({ text: t('member.planSubmit'), testid: 'member-plan-submit' })));
}

function recordsPanel(records, items, money) {
  const newestFirst = [...(records ?? [])].sort((a, b) => String(b.recordedAt).localeCompare(String(a.recordedAt)));
  return panel({ title: t('member.consumables'), testid: 'member-consumables-panel' }, table({
    testid: 'member-consumable-list',
    caption: t('member.consumables'),
    columns: [t('billing.date'), t('me.consumableItem'), t('me.quantity'), t('member.recordedBy'), t('billing.amount'),
      t('common.actions')],
    empty: t('member.noConsumables'),
    rows: newestFirst.map((r) => {
      const item = items.get(r.itemId);
      return {
        testid: 'member-consumable-row',
        data: { recordId: r.id, itemId: r.itemId, quantity: r.quantity, source: r.source },
        cells: [
          dateTime(r.recordedAt),
          item?.label || r.itemId || '',
          item ? `${r.quantity} × ${label('unit', item.unit)}` : String(r.quantity),
          r.recordedBy ?? '',
          el('span', { className: 'amount', text: money(r.chargedCents), data: { cents: r.chargedCents } }),
          correctForm(r),
        ],
      };
    }),
  }));
}

function correctForm(record) {
  const correct = form({
    testid: 'consumable-correct-form',
    label: t('member.correct'),
    confirm: (values) => ({
      question: t('member.correctQuestion'),
      facts: [[t('member.correctQuantity'), `${record.quantity} → ${values.quantity}`], [t('common.reason'), values.reason]],
      confirmText: t('member.correctSubmit'),
      danger: true,
    }),
    action: async (values) => {
      await post(apiPath`consumable-records/${record.id}/correction`, {
        quantity: readWhole(values, 'quantity'),
        reason: values.reason,
      });
      refresh();
    },
  },
  field({ label: t('member.correctQuantity'), name: 'quantity', testid: 'consumable-correct-quantity', required: true,
    value: record.quantity, hint: t('member.correctHint'), attrs: { inputmode: 'numeric', autocomplete: 'off' } }),
  field({ label: t('common.reason'), name: 'reason', testid: 'consumable-correct-reason', required: true,
    attrs: { autocomplete: 'off' } }),
  el('div', { className: 'form-actions' }, submit({ text: t('member.correctSubmit'), testid: 'consumable-correct-submit', danger: true })));
  return el('details', { className: 'row-action' }, el('summary', { text: t('member.correct') }), correct);
}

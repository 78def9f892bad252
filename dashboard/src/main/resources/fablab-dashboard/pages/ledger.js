// #/ledger (treasurers, admins): the hash-chained ledger, newest first, filtered by member, kind
// and dates and paged by sequence — all in the address (#/ledger?member=m-1&kind=charge&before=120);
// the chain's verification; members' balances; payments, credits and reversals; coupons, which
// members redeem for a credit; the charges billing parked because it could not price them, each
// with its reason and a retry. Nothing is ever edited: a reversal adds the opposite entry (the
// credit note).

import { apiPath, get, post, query } from '../api.js';
import { el, field, form, link, panel, select, submit, table } from '../dom.js';
import { calendarDate, dateTime, duration, label } from '../format.js';
import { t } from '../i18n.js';
import { navigate, refresh } from '../router.js';
import { can } from '../session.js';
import { allMembers, amountCells, amountColumns, balanceText, ledgerLabel, memberField, moneyWriter, percent, readCents,
  readWhole } from './billing.js';

const KINDS = ['charge', 'credit', 'payment', 'correction'];
const PAYMENT_METHODS = ['cash', 'cheque', 'transfer', 'card', 'other'];
const PAGE = 50;

/** Renders the page; resolves once the verification, the entries and the balances are shown. */
export async function render(view, { query: hashQuery }) {
  const filters = {
    member: hashQuery.get('member') ?? '',
    kind: hashQuery.get('kind') ?? '',
    from: hashQuery.get('from') ?? '',
    to: hashQuery.get('to') ?? '',
  };
  const before = hashQuery.get('before') ?? '';
  const [money, verification, entries, balances, members, coupons, parked] = await Promise.all([
    moneyWriter(),
    get('ledger/verify'),
    get(`ledger${query({ ...filters, before, limit: PAGE })}`),
    get('balances'),
    allMembers(),
    get('coupons'),
    get('billing/parked'),
  ]);
  view.append(
    verifyPanel(verification),
    ...parkedPanels(parked),
    panel({ title: t('ledger.entries'), testid: 'ledger-panel' },
      filterForm(filters, members),
      entryTable(entries, money),
      pager(filters, before, entries)),
    panel({ title: t('ledger.record'), testid: 'ledger-record-panel' },
      paymentForm(members), creditForm(members)),
    balancesPanel(balances, money),
    couponsPanel(coupons, money));
}

function verifyPanel(result) {
  const ok = result?.ok === true;
  const text = ok
    ? t('ledger.verified', { n: result.entries ?? 0, head: result.head ?? '' })
    : t('ledger.broken', { sequence: result?.brokenAt ?? '?', why: result?.why ?? '' });
  return panel({ title: t('ledger.verify'), testid: 'ledger-verify-panel' },
    el('p', { className: `notice ${ok ? 'notice-info' : 'notice-error'}`, testid: 'ledger-verify', text,
      data: { ok: String(ok) }, attrs: { role: 'status' } }));
}

/** Causes catch-up skips until retried; shown only when there are some, above the entries, so none goes unseen. */
function parkedPanels(parked) {
  if (parked.length === 0) {
    return [];
  }
  return [panel({ title: t('ledger.parked'), testid: 'parked-panel' },
    el('p', { className: 'notice notice-error', text: t('ledger.parkedHint', { n: parked.length }), attrs: { role: 'status' } }),
    table({
      testid: 'parked-list',
      caption: t('ledger.parked'),
      columns: [t('ledger.cause'), t('billing.member'), t('common.reason'), t('ledger.parkedAt'), t('common.actions')],
      empty: '',
      rows: parked.map((p) => ({
        testid: 'parked-row',
        data: { cause: p.cause },
        cells: [
          el('code', { className: 'cause', text: p.cause }),
          p.memberId ?? '',
          p.reason,
          dateTime(p.parkedAt),
          form({
            testid: 'parked-retry-form',
            label: t('ledger.retry'),
            action: async () => {
              await post(apiPath`billing/parked/${p.cause}/retry`);
              refresh();
            },
          }, submit({ text: t('ledger.retry'), testid: 'parked-retry-submit' })),
        ],
      })),
    }))];
}

function filterForm(filters, members) {
  return form({
    testid: 'ledger-filter-form',
    label: t('ledger.filters'),
    className: 'form form-inline',
    action: async (values) => {
      navigate(`#/ledger${query({ member: values.member, kind: values.kind, from: values.from, to: values.to })}`);
    },
  },
  memberField({ members, name: 'member', testid: 'ledger-filter-member', value: filters.member, any: t('ledger.anyMember') }),
  field({ label: t('ledger.kind'), name: 'kind', control: select({
    testid: 'ledger-filter-kind',
    value: filters.kind,
    options: [{ value: '', label: t('ledger.anyKind') }, ...KINDS.map((k) => ({ value: k, label: label('ledgerKind', k) }))],
  }) }),
  field({ label: t('billing.from'), name: 'from', testid: 'ledger-filter-from', type: 'date', value: filters.from }),
  field({ label: t('billing.to'), name: 'to', testid: 'ledger-filter-to', type: 'date', value: filters.to }),
  el('div', { className: 'form-actions' }, submit({ text: t('audit.filter'), testid: 'ledger-filter-submit' })));
}

function entryTable(entries, money) {
  return table({
    testid: 'ledger-list',
    caption: t('ledger.entries'),
    columns: [t('ledger.sequence'), t('billing.date'), t('billing.member'), t('ledger.kind'), t('billing.label'),
      ...amountColumns(), t('billing.vat'), t('ledger.cause'), t('common.actions')],
    empty: t('ledger.none'),
    rows: entries.map((e) => ({
      testid: 'ledger-row',
      data: { sequence: e.sequence, kind: e.kind, memberId: e.memberId, paymentMethod: e.paymentMethod },
      cells: [
        String(e.sequence),
        calendarDate(e.date),
        e.memberName || e.memberId || '',
        el('span', { className: 'ledger-kind', text: e.paymentMethod
          ? `${label('ledgerKind', e.kind)} · ${label('paymentMethod', e.paymentMethod)}` : label('ledgerKind', e.kind) }),
        ledgerLabel(e),
        ...amountCells(e.amountCents, money),
        percent(e.vatBasisPoints),
        causeLink(e),
        e.kind === 'correction' ? '' : reverseForm(e, money),
      ],
    })),
  });
}

/**
 * What caused the entry, as a link: a session or consumable to the member's page (sessions and
 * billing), a reversal to the entry it reverses, anything else to the member's entries. The raw
 * cause key stays in the link's title for the treasurer who needs it.
 */
function causeLink(entry) {
  const cause = entry.resolvedCause ?? { kind: 'other', memberId: entry.memberId };
  const memberLedger = `#/ledger${query({ member: cause.memberId })}`;
  const memberPage = cause.memberId && can('members:read') ? `#/members/${encodeURIComponent(cause.memberId)}` : memberLedger;
  const href = cause.kind === 'reversal' && typeof cause.reversedSequence === 'number'
    ? `#/ledger${query({ before: cause.reversedSequence + 1 })}`
    : (cause.kind === 'session' || cause.kind === 'consumable' ? memberPage : memberLedger);
  return el('a', { className: 'cause-link', testid: 'ledger-cause-link', text: causeText(cause, entry),
    attrs: { href, title: entry.cause ?? '' }, data: { causeKind: cause.kind, sessionId: cause.sessionId } });
}

function causeText(cause, entry) {
  const member = cause.memberName || cause.memberId || '';
  const session = cause.sessionId
    ? t('ledger.causeSession', {
      machine: cause.machineName || cause.machineId || '',
      start: cause.startedAt ? dateTime(cause.startedAt) : '?',
      duration: typeof cause.durationSeconds === 'number' ? duration(cause.durationSeconds) : '?',
      member,
    })
    : null;
  switch (cause.kind) {
    case 'session': return session;
    case 'consumable': return [t('ledger.causeConsumable', { item: cause.itemLabel || cause.recordId || '', member }), session]
      .filter(Boolean).join(' · ');
    case 'plan-fee': return t('ledger.causePlanFee', { month: cause.month ?? '', member });
    case 'payment': return t('ledger.causePayment', { reference: cause.reference ?? '', member });
    case 'credit': return t('ledger.causeCredit', { member });
    case 'coupon': return t('ledger.causeCoupon', { code: cause.code ?? '', member });
    case 'reversal': return [t('ledger.causeReversal', { sequence: cause.reversedSequence ?? '?' }),
      cause.itemLabel ?? null, session].filter(Boolean).join(' · ');
    default: return entry.cause ?? '';
  }
}

function reverseForm(entry, money) {
  const reverse = form({
    testid: 'ledger-reverse-form',
    label: t('ledger.reverse'),
    confirm: ({ reason }) => ({
      question: t('ledger.reverseQuestion', { sequence: entry.sequence }),
      facts: [[t('billing.label'), entry.label ?? ''], [t('billing.amount'), money(Math.abs(entry.amountCents))],
        [t('common.reason'), reason]],
      confirmText: t('ledger.reverseSubmit'),
      danger: true,
    }),
    action: async ({ reason }) => {
      await post(apiPath`ledger/${entry.sequence}/reversal`, { reason });
      refresh();
    },
  },
  field({ label: t('common.reason'), name: 'reason', testid: 'ledger-reverse-reason', required: true, attrs: { autocomplete: 'off' } }),
  el('div', { className: 'form-actions' }, submit({ text: t('ledger.reverseSubmit'), testid: 'ledger-reverse-submit', danger: true })));
  return el('details', { className: 'row-action' }, el('summary', { text: t('ledger.reverse') }), reverse);
}

/** Older entries: the same filters, before the oldest sequence shown. */
function pager(filters, before, entries) {
  const oldest = entries.length > 0 ? entries[entries.length - 1].sequence : null;
  return el('p', { className: 'pager' },
    before ? link({ href: `#/ledger${query(filters)}`, text: t('ledger.newest'), testid: 'ledger-newest' }) : null,
    entries.length === PAGE && oldest !== null
      ? link({ href: `#/ledger${query({ ...filters, before: oldest })}`, text: t('ledger.older'), testid: 'ledger-older' })
      : null);
}

function paymentForm(members) {
  return el('details', { className: 'subpanel' }, el('summary', { text: t('ledger.payment') }), form({
    testid: 'payment-form',
    label: t('ledger.payment'),
    action: async (values) => {
      await post('ledger/payments', {
        memberId: values.memberId,
        amountCents: readCents(values, 'amountCents', { positive: true }),
        date: values.date || undefined,
        method: values.method,
        reference: values.reference,
      });
      refresh();
    },
  },
  memberField({ members, name: 'memberId', testid: 'payment-member' }),
  field({ label: t('ledger.received'), name: 'amountCents', testid: 'payment-amount', required: true, hint: t('money.hint'),
    attrs: { inputmode: 'decimal', autocomplete: 'off' } }),
  field({ label: t('billing.date'), name: 'date', testid: 'payment-date', type: 'date', hint: t('ledger.dateHint') }),
  // No method is preselected: a wrong default would go unnoticed in the accounts.
  field({ label: t('ledger.method'), name: 'method', required: true, control: select({
    testid: 'payment-method',
    options: [{ value: '', label: t('ledger.methodChoose') },
      ...PAYMENT_METHODS.map((m) => ({ value: m, label: label('paymentMethod', m) }))],
  }) }),
  field({ label: t('ledger.reference'), name: 'reference', testid: 'payment-reference', required: true,
    hint: t('ledger.referenceHint'), attrs: { autocomplete: 'off' } }),
  el('div', { className: 'form-actions' }, submit({ text: t('ledger.paymentSubmit'), testid: 'payment-submit' }))));
}

function creditForm(members) {
  return el('details', { className: 'subpanel' }, el('summary', { text: t('ledger.credit') }), form({
    testid: 'credit-form',
    label: t('ledger.credit'),
    action: async (values) => {
      await post('ledger/credits', {
        memberId: values.memberId,
        amountCents: readCents(values, 'amountCents', { positive: true }),
        label: values.label,
      });
      refresh();
    },
  },
  memberField({ members, name: 'memberId', testid: 'credit-member' }),
  field({ label: t('billing.amount'), name: 'amountCents', testid: 'credit-amount', required: true, hint: t('money.hint'),
    attrs: { inputmode: 'decimal', autocomplete: 'off' } }),
  field({ label: t('billing.label'), name: 'label', testid: 'credit-label', required: true, attrs: { autocomplete: 'off' } }),
  el('div', { className: 'form-actions' }, submit({ text: t('ledger.creditSubmit'), testid: 'credit-submit' }))));
}

function balancesPanel(balances, money) {
  return panel({ title: t('ledger.balances'), testid: 'balances-panel' },
    el('p', { className: 'field-hint', text: t('ledger.balanceHint') }),
    table({
      testid: 'balance-list',
      caption: t('ledger.balances'),
      columns: [t('member.number'), t('billing.member'), t('ledger.balance')],
      empty: t('ledger.noBalances'),
      rows: balances.map((b) => ({
        testid: 'balance-row',
        data: { memberId: b.memberId, cents: b.owedCents },
        cells: [
          String(b.memberNumber ?? ''),
          link({ href: `#/ledger${query({ member: b.memberId })}`, text: b.memberName || b.memberId, testid: 'balance-ledger-link' }),
          balanceText(b.owedCents, money, 'member'),
        ],
      })),
    }));
}

function couponsPanel(coupons, money) {
  return panel({ title: t('coupons.title'), testid: 'coupons-panel' },
    table({
      testid: 'coupon-list',
      caption: t('coupons.title'),
      columns: [t('coupons.code'), t('billing.amount'), t('coupons.redeemed'), t('coupons.validUntil')],
      empty: t('coupons.none'),
      rows: coupons.map((c) => ({
        testid: 'coupon-row',
        data: { code: c.code, redeemed: c.redeemed ?? 0 },
        cells: [
          el('code', { text: c.code }),
          el('span', { className: 'amount', text: money(c.amountCents), data: { cents: c.amountCents } }),
          t('coupons.uses', { n: c.redeemed ?? 0, max: c.maxRedemptions }),
          c.validUntil ? calendarDate(c.validUntil) : t('coupons.noEnd'),
        ],
      })),
    }),
    el('details', { className: 'subpanel' }, el('summary', { text: t('coupons.create') }), form({
      testid: 'coupon-create-form',
      label: t('coupons.create'),
      action: async (values) => {
        await post('coupons', {
          code: values.code,
          amountCents: readCents(values, 'amountCents', { positive: true }),
          maxRedemptions: readWhole(values, 'maxRedemptions', { positive: true }),
          validUntil: values.validUntil || undefined,
        });
        refresh();
      },
    },
    field({ label: t('coupons.code'), name: 'code', testid: 'coupon-create-code', required: true,
      hint: t('coupons.codeHint'), attrs: { autocomplete: 'off' } }),
    field({ label: t('billing.amount'), name: 'amountCents', testid: 'coupon-create-amount', required: true,
      hint: t('money.hint'), attrs: { inputmode: 'decimal', autocomplete: 'off' } }),
    field({ label: t('coupons.maxRedemptions'), name: 'maxRedemptions', testid: 'coupon-create-max', required: true,
      hint: t('coupons.maxHint'), attrs: { inputmode: 'numeric', autocomplete: 'off' } }),
    field({ label: t('coupons.validUntil'), name: 'validUntil', testid: 'coupon-create-valid-until', type: 'date',
      hint: t('coupons.validUntilHint') }),
    el('div', { className: 'form-actions' }, submit({ text: t('coupons.createSubmit'), testid: 'coupon-create-submit' })))));
}

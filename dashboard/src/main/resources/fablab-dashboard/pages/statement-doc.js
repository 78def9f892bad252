// A member's monthly statement as a document: issuer (the lab's name and address), member, number and period, the month's ledger
// lines (charged and paid in two columns), totals per VAT rate, payments received, the total in words, and the ledger head it was issued against (so a
// printed statement also proves the ledger it came from). Used by #/statements/{number} and, for
// the unnumbered draft of the current month, by #/me. A draft is told apart by having no issue
// record (the API numbers it "draft" and gives no ledger head).

import { el, table } from '../dom.js';
import { calendarDate, dateTime } from '../format.js';
import { t } from '../i18n.js';
import { amountCells, amountColumns, balanceText, ledgerLabel, monthName, percent } from './billing.js';

/**
 * @param {object} statement GET /statements/{number} or /statements/draft
 * @param {(cents: number) => string} money writes cents in the lab's currency
 * @param {string} [memberName] shown when the statement carries none (a draft)
 */
export function statementDocument(statement, money, memberName) {
  const entries = statement.entries ?? [];
  const draft = !statement.issuedAt;
  const member = statement.memberName || memberName || statement.memberId;
  return el('article', { className: 'statement', testid: 'statement-doc',
    data: { number: draft ? '' : statement.number, month: statement.month, memberId: statement.memberId, draft: String(draft) } },
  el('header', { className: 'statement-header' },
    el('p', { className: 'statement-lab', testid: 'statement-lab' },
      ...String(statement.issuer || t('app.name')).split('\n')
        .map((line, i) => el('span', { className: i === 0 ? 'statement-issuer' : 'statement-address', text: line }))),
    el('p', { className: 'statement-kind', text: draft ? t('statement.draft') : t('statement.numbered', { number: statement.number }) })),
  el('dl', { className: 'facts', testid: 'statement-facts' },
    ...fact(t('statement.number'), draft ? t('statement.notIssued') : statement.number, 'number'),
    ...fact(t('billing.member'), member, 'member'),
    ...fact(t('statement.period'), monthName(statement.month), 'period'),
    ...(statement.issuedAt ? fact(t('statement.issuedAt'), dateTime(statement.issuedAt), 'issued-at') : [])),
  table({
    testid: 'statement-lines',
    layout: 'scroll',
    caption: t('statement.lines'),
    columns: [t('billing.date'), t('billing.label'), ...amountColumns()],
    empty: t('statement.noLines'),
    rows: entries.map((e) => ({
      testid: 'statement-line',
      data: { sequence: e.sequence, kind: e.kind, cents: e.amountCents },
      cells: [calendarDate(e.date), ledgerLabel(e), ...amountCells(e.amountCents, money)],
    })),
  }),
  (statement.vatTotals ?? []).length === 0 ? null : table({
    testid: 'statement-vat',
    layout: 'scroll',
    caption: t('statement.vatTotals'),
    columns: [t('billing.vat'), t('statement.gross'), t('statement.vatContained')],
    empty: '',
    rows: statement.vatTotals.map((v) => ({
      testid: 'statement-vat-row',
      data: { vat: v.vatBasisPoints },
      cells: [percent(v.vatBasisPoints), money(v.grossCents), money(v.vatCents)],
    })),
  }),
  el('dl', { className: 'facts statement-totals' },
    el('dt', { text: t('statement.payments') }),
    el('dd', { testid: 'statement-payments', text: money(-(statement.paymentsCents ?? 0)), data: { cents: statement.paymentsCents } }),
    el('dt', { text: t('statement.total') }),
    el('dd', { testid: 'statement-total', text: balanceText(statement.totalCents ?? 0, money, 'statement'),
      data: { cents: statement.totalCents } })),
  statement.ledgerHead
    ? el('p', { className: 'statement-head' },
      `${t('statement.ledgerHead', { sequence: statement.ledgerSequence ?? '' })} `,
      el('code', { className: 'hash', testid: 'statement-head', text: statement.ledgerHead }))
    : null);
}

function fact(term, value, name) {
  return [el('dt', { text: term }), el('dd', { text: value, data: { field: name } })];
}

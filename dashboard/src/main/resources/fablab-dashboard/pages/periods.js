// #/periods (treasurers, admins): the closed accounting months, closing a month (final: a closed
// month is never reopened, so the form asks for a confirmation), and issuing a closed month's
// numbered statements.

import { apiPath, get, post } from '../api.js';
import { el, field, form, link, localProblem, notice, panel, submit, table } from '../dom.js';
import { dateOrInstant } from '../format.js';
import { t } from '../i18n.js';
import { refresh } from '../router.js';
import { checkbox, monthName, previousMonth } from './billing.js';

/** Renders the page; resolves once the closed months are shown. */
export async function render(view) {
  const periods = await get('periods');
  const closed = [...(periods.closed ?? [])].sort((a, b) => String(b.month).localeCompare(String(a.month)));
  view.append(
    panel({ title: t('periods.closed'), testid: 'periods-panel' },
      el('p', { testid: 'periods-closed-through', data: { month: periods.closedThrough ?? '' },
        text: periods.closedThrough ? t('periods.closedThrough', { month: monthName(periods.closedThrough) }) : t('periods.noneClosed') }),
      table({
        testid: 'period-list',
        caption: t('periods.closed'),
        columns: [t('periods.month'), t('periods.closedAt'), t('periods.closedBy'), t('periods.ledgerSequence'), t('periods.ledgerHead')],
        empty: t('periods.none'),
        rows: closed.map((p) => ({
          testid: 'period-row',
          data: { month: p.month },
          cells: [
            monthName(p.month),
            dateOrInstant(p.closedAt),
            p.closedBy ?? '',
            String(p.ledgerSequence ?? ''),
            el('code', { className: 'hash', text: p.ledgerHead ?? '' }),
          ],
        })),
      })),
    closePanel(periods.closedThrough),
    issuePanel(periods.closedThrough));
}

function closePanel(closedThrough) {
  const close = form({
    testid: 'period-close-form',
    label: t('periods.close'),
    action: async ({ month, confirm }) => {
      if (confirm !== 'on') {
        throw localProblem('confirm', t('periods.confirmNeeded'));
      }
      await post(apiPath`periods/${month}/close`);
      refresh();
    },
  },
  field({ label: t('periods.month'), name: 'month', testid: 'period-close-month', type: 'month', required: true,
    value: nextToClose(closedThrough), hint: t('periods.monthHint') }),
  checkbox({ label: t('periods.confirm'), name: 'confirm', testid: 'period-close-confirm' }),
  el('p', { className: 'field-error', attrs: { hidden: true }, data: { errorFor: 'confirm' } }),
  el('div', { className: 'form-actions' }, submit({ text: t('periods.closeSubmit'), testid: 'period-close-submit', danger: true })));
  return panel({ title: t('periods.close'), testid: 'period-close-panel' },
    el('p', { className: 'field-hint', text: t('periods.closeHint') }), close);
}

function issuePanel(closedThrough) {
  const result = el('div', { testid: 'statements-issued', attrs: { hidden: true } });
  const issue = form({
    testid: 'statements-issue-form',
    label: t('periods.issue'),
    className: 'form form-inline',
    action: async ({ month }) => {
      const issued = await post('statements', { month });
      const list = Array.isArray(issued) ? issued : issued?.statements ?? [];
      result.replaceChildren(
        notice({ text: t('periods.issued', { n: list.length, month: monthName(month) }) }),
        el('ul', { className: 'plain-list' }, ...list.map((s) => el('li', {},
          link({ href: `#/statements/${encodeURIComponent(s.number)}`, text: `${s.number} · ${s.memberName || s.memberId || ''}`,
            testid: 'statement-link' })))));
      result.hidden = false;
    },
  },
  field({ label: t('periods.month'), name: 'month', testid: 'statements-issue-month', type: 'month', required: true,
    value: closedThrough ?? previousMonth() }),
  el('div', { className: 'form-actions' }, submit({ text: t('periods.issueSubmit'), testid: 'statements-issue-submit' })));
  return panel({ title: t('periods.issue'), testid: 'statements-issue-panel' },
    el('p', { className: 'field-hint', text: t('periods.issueHint') }), issue, result);
}

/** The month after the last closed one when that is already over, else the previous month. */
function nextToClose(closedThrough) {
  const previous = previousMonth();
  if (!closedThrough) {
    return previous;
  }
  const [year, month] = closedThrough.split('-').map(Number);
  const next = month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
  return next < previous ? next : previous;
}

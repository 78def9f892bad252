// #/statements: issued monthly statements. Treasurers and admins see everyone's, filtered by
// month and member in the address (#/statements?month=2026-10&member=m-1); anyone else sees
// their own member's.

import { get, query } from '../api.js';
import { el, field, form, link, notice, panel, submit, table } from '../dom.js';
import { dateOrInstant } from '../format.js';
import { t } from '../i18n.js';
import { navigate } from '../router.js';
import { account, can } from '../session.js';
import { allMembers, memberField, moneyWriter, monthName } from './billing.js';

/** Renders the page; resolves once the list is shown. */
export async function render(view, { query: hashQuery }) {
  const all = can('statements:read-all');
  const me = account();
  if (!all && !me.memberId) {
    view.append(notice({ text: t('me.noMember'), testid: 'me-no-member' }));
    return;
  }
  const filters = all
    ? { month: hashQuery.get('month') ?? '', member: hashQuery.get('member') ?? '' }
    : { month: hashQuery.get('month') ?? '', member: me.memberId };
  const [money, statements, members] = await Promise.all([
    moneyWriter(),
    get(`statements${query(filters)}`),
    all ? allMembers() : null,
  ]);
  view.append(panel({ title: t('statements.title'), testid: 'statements-panel' },
    all ? filterForm(filters, members) : null,
    table({
      testid: 'statement-list',
      caption: t('statements.title'),
      columns: [t('statement.number'), t('billing.member'), t('statement.period'), t('statement.total'), t('statement.issuedAt')],
      empty: t('statements.none'),
      rows: statements.map((s) => ({
        testid: 'statement-row',
        data: { number: s.number, memberId: s.memberId, month: s.month },
        cells: [
          link({ href: `#/statements/${encodeURIComponent(s.number)}`, text: s.number, testid: 'statement-link' }),
          s.memberName || s.memberId || '',
          monthName(s.month),
          money(s.totalCents),
          dateOrInstant(s.issuedAt),
        ],
      })),
    })));
}

function filterForm(filters, members) {
  return form({
    testid: 'statements-filter-form',
    label: t('statements.filters'),
    className: 'form form-inline',
    action: async (values) => navigate(`#/statements${query({ month: values.month, member: values.member })}`),
  },
  field({ label: t('periods.month'), name: 'month', testid: 'statements-filter-month', type: 'month', value: filters.month }),
  memberField({ members, name: 'member', testid: 'statements-filter-member', value: filters.member, any: t('ledger.anyMember') }),
  el('div', { className: 'form-actions' }, submit({ text: t('audit.filter'), testid: 'statements-filter-submit' })));
}

// #/members: search (by name, e-mail or number; active or not), the result list, and the
// create form for fabmanagers. A new member opens on their own page.

import { get, post, query } from '../api.js';
import { el, field, form, link, panel, select, submit, table } from '../dom.js';
import { calendarDate } from '../format.js';
import { t } from '../i18n.js';
import { navigate } from '../router.js';
import { can } from '../session.js';

const SEARCH_DELAY_MS = 250;
const LIMIT = 200;

/** Renders the page; resolves once the first result list is shown. */
export async function render(view, { query: hashQuery }) {
  const results = el('div', { testid: 'member-results' });
  let generation = 0;

  const search = async () => {
    const mine = ++generation;
    const { q, active } = searchForm.elements;
    const members = await get(`members${query({ q: q.value, active: active.value, limit: LIMIT })}`);
    if (mine === generation) {
      results.replaceChildren(memberTable(members));
    }
  };

  const searchForm = form({
    testid: 'member-search-form',
    label: t('members.search'),
    className: 'form form-inline',
    action: search,
  },
  field({ label: t('members.search'), name: 'q', testid: 'member-search', type: 'search',
    value: hashQuery.get('q') ?? '', attrs: { autocomplete: 'off', placeholder: t('members.searchHint') } }),
  field({ label: t('members.activeFilter'), name: 'active', control: select({
    testid: 'member-filter-active',
    value: hashQuery.get('active') ?? 'true',
    options: [
      { value: 'true', label: t('members.activeOnly') },
      { value: 'false', label: t('members.inactiveOnly') },
      { value: '', label: t('members.all') },
    ],
  }) }),
  el('div', { className: 'form-actions' }, submit({ text: t('members.searchSubmit'), testid: 'member-search-submit' })));

  let timer = null;
  searchForm.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => searchForm.requestSubmit(), SEARCH_DELAY_MS);
  });

  view.append(panel({ title: t('members.title'), testid: 'members-panel' }, searchForm, results));
  if (can('members:write')) {
    view.append(createPanel());
  }
  await search();
}

function memberTable(members) {
  return table({
    testid: 'member-list',
    caption: t('members.title'),
    columns: [t('member.number'), t('member.name'), t('member.email'), t('member.group'),
      t('member.validUntil'), t('member.status')],
    empty: t('members.none'),
    rows: members.map((m) => ({
      testid: 'member-row',
      data: { memberId: m.id, active: String(m.active === true) },
      cells: [
        String(m.number ?? ''),
        link({ href: `#/members/${encodeURIComponent(m.id)}`, text: m.name, testid: 'member-link' }),
        m.email ?? '',
        m.group ?? '',
        calendarDate(m.validUntil),
        t(m.active ? 'member.active' : 'member.inactive'),
      ],
    })),
  });
}

function createPanel() {
  const createForm = form({
    testid: 'member-create-form',
    label: t('members.create'),
    action: async ({ name, email, group, validUntil, territory }) => {
      const created = await post('members', {
        name, email, group: group || null, validUntil: validUntil || null, territory: territory || null,
      });
      navigate(`#/members/${encodeURIComponent(created.id)}`);
    },
  },
  field({ label: t('member.name'), name: 'name', testid: 'member-create-name', required: true,
    attrs: { autocomplete: 'off' } }),
  field({ label: t('member.email'), name: 'email', testid: 'member-create-email', type: 'email',
    required: true, attrs: { autocomplete: 'off' } }),
  field({ label: t('member.group'), name: 'group', testid: 'member-create-group' }),
  field({ label: t('member.validUntil'), name: 'validUntil', testid: 'member-create-valid-until', type: 'date' }),
  field({ label: t('member.territory'), name: 'territory', testid: 'member-create-territory',
    hint: t('member.territoryHint'), attrs: { maxlength: '80' } }),
  el('div', { className: 'form-actions' }, submit({ text: t('members.createSubmit'), testid: 'member-create-submit' })));
  return panel({ title: t('members.create'), testid: 'member-create-panel' }, createForm);
}


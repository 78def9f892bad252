// #/exports (treasurers, admins): the CSV exports for the accounts as plain download links. The
// browser follows them itself with the session cookie (a GET needs no CSRF header), so a large
// export streams straight to a file. Dates default to the previous month.

import { apiUrl, query } from '../api.js';
import { el, field, form, panel, select } from '../dom.js';
import { t } from '../i18n.js';
import { monthDays, previousMonth } from './billing.js';

const EXPORTS = ['charges', 'consumables', 'journal', 'members'];
const LAYOUTS = ['standard', 'french'];

/** Renders the page (no data to wait for). */
export async function render(view) {
  const { from, to } = monthDays(previousMonth());
  const links = el('ul', { className: 'plain-list', testid: 'export-links' });
  const choice = form({
    testid: 'export-form',
    label: t('exports.title'),
    className: 'form form-inline',
    action: async () => update(),
  },
  field({ label: t('billing.from'), name: 'from', testid: 'export-from', type: 'date', value: from, required: true }),
  field({ label: t('billing.to'), name: 'to', testid: 'export-to', type: 'date', value: to, required: true }),
  field({ label: t('exports.layout'), name: 'layout', control: select({
    testid: 'export-layout',
    value: 'standard',
    options: LAYOUTS.map((l) => ({ value: l, label: t(`layout.${l}`) })),
  }) }));
  const update = () => {
    const { from: start, to: end, layout } = choice.elements;
    const search = query({ from: start.value, to: end.value, layout: layout.value });
    links.replaceChildren(...EXPORTS.map((name) => el('li', {},
      el('a', { testid: 'export-link', text: t(`exports.${name}`), data: { export: name },
        attrs: { href: apiUrl(`exports/${name}.csv${search}`), download: `${name}-${start.value}-${end.value}.csv` } }),
      ' ',
      el('span', { className: 'field-hint', text: t(`exports.${name}Hint`) }))));
  };
  choice.addEventListener('input', update);
  choice.addEventListener('change', update);
  update();
  view.append(panel({ title: t('exports.title'), testid: 'exports-panel' },
    el('p', { className: 'field-hint', text: t('exports.hint') }), choice, links));
}

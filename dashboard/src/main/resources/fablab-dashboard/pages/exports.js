// #/exports (treasurers, admins): the CSV exports for the accounts as plain download links. The
// browser follows them itself with the session cookie (a GET needs no CSRF header), so a large
// export streams straight to a file. Dates default to the previous month.

import { apiUrl, query } from '../api.js';
import { el, field, form, panel, select } from '../dom.js';
import { t } from '../i18n.js';
import { monthDays, previousMonth } from './billing.js';

const EXPORTS = ['charges', 'consumables', 'journal', 'members'];
const LAYOUTS = ['standard', 'french'];
// the words of the API and of `fablab export --encoding`
const ENCODINGS = ['utf-8', 'utf-8-bom', 'windows-1252'];
// what each layout writes when no encoding is asked for: Excel on a French Windows needs the byte order mark
const LAYOUT_ENCODING = { standard: 'utf-8', french: 'utf-8-bom' };

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
  }) }),
  field({ label: t('exports.encoding'), name: 'encoding', control: select({
    testid: 'export-encoding',
    value: LAYOUT_ENCODING.standard,
    options: ENCODINGS.map((e) => ({ value: e, label: t(`exports.encoding.${e}`) })),
  }) }));
  const update = () => {
    const { from: start, to: end, layout, encoding } = choice.elements;
    const search = query({ from: start.value, to: end.value, layout: layout.value, encoding: encoding.value });
    links.replaceChildren(...EXPORTS.map((name) => el('li', {},
      el('a', { testid: 'export-link', text: t(`exports.${name}`), data: { export: name },
        attrs: { href: apiUrl(`exports/${name}.csv${search}`), download: `${name}-${start.value}-${end.value}.csv` } }),
      ' ',
      el('span', { className: 'field-hint', text: t(`exports.${name}Hint`) }))));
  };
  // a new layout brings its own encoding; the treasurer may then pick another
  choice.elements.layout.addEventListener('change', () => {
    choice.elements.encoding.value = LAYOUT_ENCODING[choice.elements.layout.value];
  });
  choice.addEventListener('input', update);
  choice.addEventListener('change', update);
  update();
  view.append(panel({ title: t('exports.title'), testid: 'exports-panel' },
    el('p', { className: 'field-hint', text: t('exports.hint') }), choice, links));
}

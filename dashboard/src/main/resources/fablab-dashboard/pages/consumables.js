// #/consumables: the catalogue of consumables (price per gram, sheet or unit, own VAT rate).
// Everyone signed in reads it; treasurers and admins add and change items.

import { apiPath, get, put } from '../api.js';
import { el, field, form, panel, select, submit, table } from '../dom.js';
import { label } from '../format.js';
import { t } from '../i18n.js';
import { refresh } from '../router.js';
import { can } from '../session.js';
import { checkbox, percent, readCents, readRate, setValues, typed, writerFor } from './billing.js';

const UNITS = ['g', 'sheet', 'unit'];

/** Renders the page; resolves once the catalogue is shown. */
export async function render(view) {
  const [settings, items] = await Promise.all([get('billing/settings'), get('consumables')]);
  const money = writerFor(settings.currency);
  view.append(panel({ title: t('consumables.title'), testid: 'consumables-panel' }, table({
    testid: 'consumable-list',
    caption: t('consumables.title'),
    columns: [t('consumables.id'), t('consumables.label'), t('consumables.unitPrice'), t('billing.vat'), t('billing.active')],
    empty: t('consumables.none'),
    rows: items.map((item) => ({
      testid: 'consumable-row',
      data: { itemId: item.id, active: String(item.active === true) },
      cells: [
        item.id,
        item.label ?? '',
        t('consumables.pricePer', { price: money(item.unitPriceCents), unit: label('unit', item.unit) }),
        percent(item.vatBasisPoints),
        t(item.active ? 'billing.yes' : 'billing.no'),
      ],
    })),
  }), can('billing:write') ? itemForm(items) : null));
}

function itemForm(items) {
  const byId = new Map(items.map((item) => [item.id, item]));
  const pick = select({ testid: 'consumable-pick', options: [{ value: '', label: t('consumables.new') },
    ...items.map((item) => ({ value: item.id, label: item.label || item.id }))] });
  const fill = (node, id) => {
    const item = byId.get(id);
    setValues(node, {
      id: item?.id ?? '',
      label: item?.label ?? '',
      unit: item?.unit ?? 'g',
      unitPriceCents: typed(item?.unitPriceCents ?? 0),
      vatBasisPoints: typed(item?.vatBasisPoints ?? 2000),
    });
    node.elements.namedItem('id').readOnly = Boolean(item);
    node.elements.namedItem('active').checked = item ? item.active === true : true;
  };
  const editor = form({
    testid: 'consumable-form',
    label: t('consumables.edit'),
    action: async (values) => {
      await put(apiPath`consumables/${values.id}`, {
        label: values.label,
        unit: values.unit,
        unitPriceCents: readCents(values, 'unitPriceCents'),
        vatBasisPoints: readRate(values, 'vatBasisPoints'),
        active: values.active === 'on',
      });
      refresh();
    },
  },
  field({ label: t('consumables.pick'), name: 'pick', control: pick }),
  field({ label: t('consumables.id'), name: 'id', testid: 'consumable-id', required: true, hint: t('consumables.idHint'),
    attrs: { autocomplete: 'off' } }),
  field({ label: t('consumables.label'), name: 'label', testid: 'consumable-label', required: true, attrs: { autocomplete: 'off' } }),
  field({ label: t('consumables.unit'), name: 'unit', control: select({ testid: 'consumable-unit',
    options: UNITS.map((u) => ({ value: u, label: label('unit', u) })) }) }),
  field({ label: t('consumables.unitPrice'), name: 'unitPriceCents', testid: 'consumable-price', hint: t('money.hint'),
    attrs: { inputmode: 'decimal' } }),
  field({ label: t('billing.vatPercent'), name: 'vatBasisPoints', testid: 'consumable-vat', attrs: { inputmode: 'decimal' } }),
  checkbox({ label: t('billing.active'), name: 'active', testid: 'consumable-active' }),
  el('div', { className: 'form-actions' }, submit({ text: t('common.save'), testid: 'consumable-submit' })));
  pick.addEventListener('change', () => fill(editor, pick.value));
  fill(editor, '');
  return el('details', { className: 'subpanel' }, el('summary', { text: t('consumables.edit') }), editor);
}

// #/prices: what a session costs — price lists per machine kind, plans, member groups, free
// windows and the lab's billing settings. Everyone signed in reads them; treasurers and admins
// edit them. Amounts are typed as decimals and sent as exact cents (money.js).

import { apiPath, get, put } from '../api.js';
import { el, field, form, panel, select, submit, table } from '../dom.js';
import { label } from '../format.js';
import { t } from '../i18n.js';
import { refresh } from '../router.js';
import { can } from '../session.js';
import { checkbox, percent, readCents, readRate, readWhole, setValues, typed, writerFor } from './billing.js';

const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** Renders the page; resolves once every list is shown. */
export async function render(view) {
  const [settings, prices, plans, groups, windows, machines] = await Promise.all([
    get('billing/settings'), get('prices'), get('plans'), get('groups'), get('free-windows'), get('machines'),
  ]);
  const money = writerFor(settings.currency);
  const edit = can('billing:write');
  const kinds = [...new Set([...machines.map((m) => m.kind), ...prices.map((p) => p.machineKind)].filter(Boolean))];
  view.append(
    panel({ title: t('prices.lists'), testid: 'prices-panel' }, priceTable(prices, money),
      edit ? priceForm(prices, kinds, async (kind, list) => {
        await put(apiPath`prices/${kind}`, list);
        refresh();
      }) : null),
    panel({ title: t('plans.title'), testid: 'plans-panel' }, planTable(plans, money), edit ? planForm(plans) : null),
    panel({ title: t('groups.title'), testid: 'groups-panel' }, groupTable(groups), edit ? groupForm() : null),
    freeWindowsPanel(windows, edit),
    settingsPanel(settings, money, edit));
}

/**
 * A table of price lists, ours or the network's (pages/partners.js): `caption` and `empty` say whose; `actions`, when
 * given, adds a last cell to each row.
 */
export function priceTable(prices, money, { caption = t('prices.lists'), empty = t('prices.none'), actions } = {}) {
  const columns = [t('prices.machineKind'), t('prices.wall'), t('prices.busy'), t('prices.sessionFee'),
    t('prices.minimum'), t('prices.dailyCap'), t('billing.vat')];
  return table({
    testid: 'price-list',
    caption,
    columns: actions ? [...columns, t('registry.actions')] : columns,
    empty,
    rows: prices.map((p) => ({
      testid: 'price-row',
      data: { machineKind: p.machineKind },
      cells: [...priceCells(p, money), ...(actions ? [actions(p)] : [])],
    })),
  });
}

function priceCells(p, money) {
  const rate = (r) => (r ? t('prices.perBlock', { price: money(r.centsPerBlock), minutes: r.blockMinutes }) : t('prices.notCharged'));
  return [
    label('kind', p.machineKind),
    rate(p.wall),
    rate(p.busy),
    money(p.sessionFeeCents),
    t('prices.minutes', { n: p.minimumBillableMinutes ?? 0 }),
    p.dailyCapCents ? money(p.dailyCapCents) : t('prices.noCap'),
    percent(p.vatBasisPoints),
  ];
}

/**
 * The form setting one kind's price list, ours or the network's: `save(kind, body)` sends the body of
 * PUT /prices/{kind}, which the network's lists share; `title` names whose list it sets.
 */
export function priceForm(prices, kinds, save, title = t('prices.edit')) {
  const byKind = new Map(prices.map((p) => [p.machineKind, p]));
  const fill = (node, kind) => {
    const p = byKind.get(kind);
    setValues(node, {
      'wall.blockMinutes': p?.wall?.blockMinutes ?? '',
      'wall.centsPerBlock': typed(p?.wall?.centsPerBlock),
      'busy.blockMinutes': p?.busy?.blockMinutes ?? '',
      'busy.centsPerBlock': typed(p?.busy?.centsPerBlock),
      sessionFeeCents: typed(p?.sessionFeeCents ?? 0),
      minimumBillableMinutes: p?.minimumBillableMinutes ?? 0,
      dailyCapCents: typed(p?.dailyCapCents ?? 0),
      vatBasisPoints: typed(p?.vatBasisPoints ?? 2000),
    });
  };
  const kindSelect = select({ testid: 'price-kind', options: kinds.map((k) => ({ value: k, label: label('kind', k) })) });
  const editor = form({
    testid: 'price-form',
    label: title,
    action: (values) => save(values.machineKind, {
      wall: blockRate(values, 'wall'),
      busy: blockRate(values, 'busy'),
      sessionFeeCents: readCents(values, 'sessionFeeCents'),
      minimumBillableMinutes: readWhole(values, 'minimumBillableMinutes'),
      dailyCapCents: readCents(values, 'dailyCapCents'),
      vatBasisPoints: readRate(values, 'vatBasisPoints'),
    }),
  },
  field({ label: t('prices.machineKind'), name: 'machineKind', control: kindSelect }),
  el('fieldset', { className: 'fieldset' }, el('legend', { text: t('prices.wall') }),
    field({ label: t('prices.blockMinutes'), name: 'wall.blockMinutes', testid: 'price-wall-minutes', hint: t('prices.blockHint'),
      attrs: { inputmode: 'numeric', autocomplete: 'off' } }),
    field({ label: t('prices.blockPrice'), name: 'wall.centsPerBlock', testid: 'price-wall-price', hint: t('money.hint'),
      attrs: { inputmode: 'decimal', autocomplete: 'off' } })),
  el('fieldset', { className: 'fieldset' }, el('legend', { text: t('prices.busy') }),
    field({ label: t('prices.blockMinutes'), name: 'busy.blockMinutes', testid: 'price-busy-minutes', hint: t('prices.blockHint'),
      attrs: { inputmode: 'numeric', autocomplete: 'off' } }),
    field({ label: t('prices.blockPrice'), name: 'busy.centsPerBlock', testid: 'price-busy-price', hint: t('money.hint'),
      attrs: { inputmode: 'decimal', autocomplete: 'off' } })),
  field({ label: t('prices.sessionFee'), name: 'sessionFeeCents', testid: 'price-session-fee', attrs: { inputmode: 'decimal' } }),
  field({ label: t('prices.minimumMinutes'), name: 'minimumBillableMinutes', testid: 'price-minimum', attrs: { inputmode: 'numeric' } }),
  field({ label: t('prices.dailyCap'), name: 'dailyCapCents', testid: 'price-daily-cap', hint: t('prices.capHint'),
    attrs: { inputmode: 'decimal' } }),
  field({ label: t('billing.vatPercent'), name: 'vatBasisPoints', testid: 'price-vat', attrs: { inputmode: 'decimal' } }),
  el('div', { className: 'form-actions' }, submit({ text: t('common.save'), testid: 'price-submit' })));
  kindSelect.addEventListener('change', () => fill(editor, kindSelect.value));
  fill(editor, kindSelect.value);
  return el('details', { className: 'subpanel' }, el('summary', { text: title }), editor);
}

/** The wall or busy rate of the form: null when both its fields are empty. */
function blockRate(values, prefix) {
  const minutes = `${prefix}.blockMinutes`;
  const price = `${prefix}.centsPerBlock`;
  if (values[minutes] === '' && values[price] === '') {
    return null;
  }
  return { blockMinutes: readWhole(values, minutes, { positive: true }), centsPerBlock: readCents(values, price) };
}

function planTable(plans, money) {
  return table({
    testid: 'plan-list',
    caption: t('plans.title'),
    columns: [t('plans.name'), t('plans.fee'), t('plans.includedMinutes'), t('plans.machineKinds'), t('billing.vat'),
      t('billing.active')],
    empty: t('plans.none'),
    rows: plans.map((p) => ({
      testid: 'plan-row',
      data: { planId: p.id, active: String(p.active === true) },
      cells: [
        p.name || p.id,
        money(p.monthlyFeeCents),
        t('prices.minutes', { n: p.includedMinutes ?? 0 }),
        (p.machineKinds ?? []).map((k) => label('kind', k)).join(', '),
        percent(p.vatBasisPoints),
        t(p.active ? 'billing.yes' : 'billing.no'),
      ],
    })),
  });
}

function planForm(plans) {
  const byId = new Map(plans.map((p) => [p.id, p]));
  const pick = select({ testid: 'plan-pick', options: [{ value: '', label: t('plans.new') },
    ...plans.map((p) => ({ value: p.id, label: p.name || p.id }))] });
  const fill = (node, id) => {
    const p = byId.get(id);
    setValues(node, {
      id: p?.id ?? '',
      name: p?.name ?? '',
      monthlyFeeCents: typed(p?.monthlyFeeCents ?? 0),
      includedMinutes: p?.includedMinutes ?? 0,
      machineKinds: (p?.machineKinds ?? []).join(', '),
      vatBasisPoints: typed(p?.vatBasisPoints ?? 2000),
    });
    node.elements.namedItem('id').readOnly = Boolean(p);
    node.elements.namedItem('active').checked = p ? p.active === true : true;
  };
  const editor = form({
    testid: 'plan-form',
    label: t('plans.edit'),
    action: async (values) => {
      await put(apiPath`plans/${values.id}`, {
        name: values.name,
        monthlyFeeCents: readCents(values, 'monthlyFeeCents'),
        includedMinutes: readWhole(values, 'includedMinutes'),
        machineKinds: (values.machineKinds ?? '').split(',').map((k) => k.trim()).filter(Boolean),
        vatBasisPoints: readRate(values, 'vatBasisPoints'),
        active: values.active === 'on',
      });
      refresh();
    },
  },
  field({ label: t('plans.pick'), name: 'pick', control: pick }),
  field({ label: t('plans.id'), name: 'id', testid: 'plan-id', required: true, attrs: { autocomplete: 'off' } }),
  field({ label: t('plans.name'), name: 'name', testid: 'plan-name', required: true, attrs: { autocomplete: 'off' } }),
  field({ label: t('plans.fee'), name: 'monthlyFeeCents', testid: 'plan-fee', hint: t('money.hint'), attrs: { inputmode: 'decimal' } }),
  field({ label: t('plans.includedMinutes'), name: 'includedMinutes', testid: 'plan-minutes', attrs: { inputmode: 'numeric' } }),
  field({ label: t('plans.machineKinds'), name: 'machineKinds', testid: 'plan-machine-kinds', hint: t('training.machineKindsHint') }),
  field({ label: t('billing.vatPercent'), name: 'vatBasisPoints', testid: 'plan-vat', attrs: { inputmode: 'decimal' } }),
  checkbox({ label: t('billing.active'), name: 'active', testid: 'plan-active' }),
  el('div', { className: 'form-actions' }, submit({ text: t('common.save'), testid: 'plan-submit' })));
  pick.addEventListener('change', () => fill(editor, pick.value));
  fill(editor, '');
  return el('details', { className: 'subpanel' }, el('summary', { text: t('plans.edit') }), editor);
}

function groupTable(groups) {
  return table({
    testid: 'group-list',
    caption: t('groups.title'),
    columns: [t('groups.name'), t('groups.discount')],
    empty: t('groups.none'),
    rows: groups.map((g) => ({
      testid: 'group-row',
      data: { groupName: g.name },
      cells: [g.name, percent(g.discountBasisPoints)],
    })),
  });
}

function groupForm() {
  const editor = form({
    testid: 'group-form',
    label: t('groups.edit'),
    className: 'form form-inline',
    action: async (values) => {
      await put(apiPath`groups/${values.name}`, { discountBasisPoints: readRate(values, 'discountBasisPoints') });
      refresh();
    },
  },
  field({ label: t('groups.name'), name: 'name', testid: 'group-name', required: true, hint: t('groups.nameHint'),
    attrs: { autocomplete: 'off' } }),
  field({ label: t('groups.discountPercent'), name: 'discountBasisPoints', testid: 'group-discount', attrs: { inputmode: 'decimal' } }),
  el('div', { className: 'form-actions' }, submit({ text: t('common.save'), testid: 'group-submit' })));
  return el('details', { className: 'subpanel' }, el('summary', { text: t('groups.edit') }), editor);
}

function freeWindowsPanel(windows, edit) {
  const list = table({
    testid: 'free-window-list',
    caption: t('freeWindows.title'),
    columns: [t('freeWindows.day'), t('freeWindows.from'), t('freeWindows.to')],
    empty: t('freeWindows.none'),
    rows: windows.map((w) => ({
      testid: 'free-window-row',
      data: { day: w.day },
      cells: [label('day', w.day), w.from, w.to === '00:00' ? t('freeWindows.endOfDay') : w.to],
    })),
  });
  return panel({ title: t('freeWindows.title'), testid: 'free-windows-panel' },
    el('p', { className: 'field-hint', text: t('freeWindows.hint') }), list, edit ? freeWindowsForm(windows) : null);
}

/** The whole list is edited at once and replaced with PUT /free-windows. */
function freeWindowsForm(windows) {
  const rows = el('div', { className: 'window-rows' });
  const addRow = (w) => {
    const row = el('div', { className: 'form-inline window-row', testid: 'free-window-edit' },
      field({ label: t('freeWindows.day'), name: 'day', control: select({ testid: 'free-window-day', value: w.day,
        options: DAYS.map((d) => ({ value: d, label: label('day', d) })) }) }),
      field({ label: t('freeWindows.from'), name: 'from', testid: 'free-window-from', type: 'time', value: w.from, required: true }),
      field({ label: t('freeWindows.to'), name: 'to', testid: 'free-window-to', type: 'time', value: w.to, required: true,
        hint: t('freeWindows.toHint') }));
    row.append(el('div', { className: 'form-actions' }, el('button', {
      className: 'button button-secondary', testid: 'free-window-remove', text: t('freeWindows.remove'),
      attrs: { type: 'button' }, on: { click: () => row.remove() },
    })));
    rows.append(row);
  };
  windows.forEach(addRow);
  const editor = form({
    testid: 'free-windows-form',
    label: t('freeWindows.edit'),
    action: async () => {
      const list = [...rows.children].map((row) => ({
        day: row.querySelector('select').value,
        from: row.querySelector('[data-testid="free-window-from"]').value,
        to: row.querySelector('[data-testid="free-window-to"]').value,
      }));
      await put('free-windows', { windows: list });
      refresh();
    },
  },
  rows,
  el('div', { className: 'form-actions' },
    el('button', { className: 'button button-secondary', testid: 'free-window-add', text: t('freeWindows.add'),
      attrs: { type: 'button' }, on: { click: () => addRow({ day: 'saturday', from: '14:00', to: '18:00' }) } }),
    submit({ text: t('common.save'), testid: 'free-windows-submit' })));
  return el('details', { className: 'subpanel' }, el('summary', { text: t('freeWindows.edit') }), editor);
}

function settingsPanel(settings, money, edit) {
  const prepaid = typeof settings.minimumBalanceCents === 'number';
  const facts = el('dl', { className: 'facts', testid: 'billing-settings' },
    el('dt', { text: t('settings.currency') }), el('dd', { text: settings.currency ?? '', data: { field: 'currency' } }),
    el('dt', { text: t('settings.minimumBalance') }),
    el('dd', { text: prepaid ? money(settings.minimumBalanceCents) : t('settings.notPrepaid'), data: { field: 'minimum-balance' } }));
  const hint = el('p', { className: 'field-hint', text: t('settings.currencyHint') });
  if (!edit) {
    return panel({ title: t('settings.title'), testid: 'settings-panel' }, facts, hint);
  }
  const editor = form({
    testid: 'settings-form',
    label: t('settings.edit'),
    action: async (values) => {
      await put('billing/settings', {
        minimumBalanceCents: readCents(values, 'minimumBalanceCents', { negative: true, optional: true }),
      });
      refresh();
    },
  },
  field({ label: t('settings.minimumBalance'), name: 'minimumBalanceCents', testid: 'settings-minimum-balance',
    value: prepaid ? typed(settings.minimumBalanceCents) : '', hint: t('settings.minimumBalanceHint'), attrs: { inputmode: 'decimal' } }),
  el('div', { className: 'form-actions' }, submit({ text: t('common.save'), testid: 'settings-submit' })));
  return panel({ title: t('settings.title'), testid: 'settings-panel' }, facts, hint,
    el('details', { className: 'subpanel' }, el('summary', { text: t('settings.edit') }), editor));
}

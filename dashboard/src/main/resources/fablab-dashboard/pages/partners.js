// #/partners: the partner labs of the lab's network (docs/network.md, "Partners and equivalences"), read by the staff
// (trainer, treasurer, fabmanager, admin): each partner's name, id, key fingerprint, which of our members it receives
// as visitors, and the pass list held from it, marked when past its end; which of its trainings count as ours.
// Admins add a partner (its key's fingerprint shown to be confirmed with the partner out of band), change its
// visitors and remove it; fabmanagers and admins set its training equivalences. Staff who read every session see a
// month's visits with each partner, both ways (docs/network.md, "Receipts"), with their amounts when they read
// billing too, and then the month's settlement: whether both labs' statements agree and who owes whom. Each partner's
// visits are priced at our prices or the network's (its visitPricing, set by admins); the network price list is shown
// to all here and edited by treasurers with the prices page's components (docs/network.md, "Visits in the host's
// ledger").

import { apiPath, get, post, put, query, request } from '../api.js';
import { now } from '../clock.js';
import { el, field, form, link, notice, panel, select, submit, table } from '../dom.js';
import { dateTime, duration, label, parseInstant } from '../format.js';
import { t } from '../i18n.js';
import { can } from '../session.js';
import { monthName, previousMonth, writerFor } from './billing.js';
import { priceForm, priceTable } from './prices.js';

const VISITORS = ['all', 'none', 'opted-in', 'plans'];
const VISIT_PRICING = ['host', 'network'];

/** Renders the page; resolves once the partners and their equivalences are shown. */
export async function render(view) {
  const manage = can('partners:manage');
  const list = el('div', { className: 'view-content' });
  // Each action redraws the partners in place, so what an admin was just shown (a new key's fingerprint) stays.
  const reload = async () => {
    list.replaceChildren(...(await partnerSections(manage, reload)));
  };
  await reload();
  view.append(list);
  if (manage) {
    view.append(addPanel(reload));
  }
}

async function partnerSections(manage, reload) {
  const [self, partners, trainings, networkPrices] = await Promise.all([get('network'), get('partners'),
    get('trainings'), networkPricesPanel(reload)]);
  const [equivalences, visits] = await Promise.all([
    Promise.all(partners.map((p) => get(apiPath`partners/${p.id}/equivalences`))),
    // the same permission as every session's list: visits are sessions, here of a partner's members or of ours there
    can('sessions:read-all') ? Promise.all(partners.map((p) => visitsPanel(p))) : null,
  ]);
  const names = new Map(trainings.map((tr) => [tr.id, tr.name || tr.id]));
  return [
    selfPanel(self),
    panel({ title: t('partners.title'), testid: 'partners-panel' },
      el('p', { text: t('partners.fingerprintNote') }),
      partnerTable(partners, manage, reload)),
    networkPrices,
    ...partners.flatMap((p, i) => [equivalencesPanel(p, equivalences[i].equivalences, trainings, names, reload),
      visits ? visits[i] : null].filter(Boolean)),
  ];
}

/**
 * A partner's visits and settlement for a month, last month first: the form shows another in place. Resolves once
 * the first month is shown.
 */
async function visitsPanel(partner) {
  const content = el('div', { className: 'visits-content' });
  const section = panel({ title: t('partners.visits.title', { name: partner.name }), testid: 'partner-visits-panel' },
    form({
      testid: 'partner-visits-form',
      label: t('partners.visits.title', { name: partner.name }),
      className: 'form form-inline',
      action: ({ month }) => show(month),
    },
    field({ label: t('periods.month'), name: 'month', testid: 'partner-visits-month', type: 'month', required: true,
      value: previousMonth(), attrs: { placeholder: 'yyyy-MM' } }),
    el('div', { className: 'form-actions' }, submit({ text: t('partners.visits.show'), testid: 'partner-visits-submit' }))),
    content);
  section.dataset.partnerId = partner.id;
  // One after the other, so a month the gateway refuses is named by the visits' answer, under the month field.
  const show = async (month) => {
    const visits = await get(`${apiPath`partners/${partner.id}/visits`}${query({ month })}`);
    const settlement = can('statements:read-all')
      ? await get(apiPath`partners/${partner.id}/settlements/${month}`)
      : null;
    content.replaceChildren(...[visitTable(visits.visits, month), settlement && settlementPart(settlement)]
      .filter(Boolean));
    section.dataset.month = month;
  };
  await show(previousMonth());
  return section;
}

/** Both ways, by start; the amount column only when the gateway sends amounts (to who reads billing). */
function visitTable(visits, month) {
  const amounts = visits.some((v) => typeof v.amountCents === 'number');
  const columns = [t('partners.visits.direction'), t('partners.visits.member'), t('prices.machineKind'),
    t('partners.visits.start'), t('partners.visits.duration'), t('partners.visits.treatment'),
    t('partners.visits.acknowledged')];
  return table({
    testid: 'partner-visit-list',
    caption: t('partners.visits.caption', { month: monthName(month) }),
    columns: amounts ? [...columns.slice(0, 5), t('partners.visits.amount'), ...columns.slice(5)] : columns,
    empty: t('partners.visits.none', { month: monthName(month) }),
    rows: visits.map((v) => {
      const cells = [
        label('visitDirection', v.direction),
        memberCell(v),
        label('kind', v.machineKind),
        dateTime(v.start),
        duration(v.wallSeconds),
        v.treatment ? label('visitTreatment', v.treatment) : '',
        t(v.acknowledged ? 'billing.yes' : 'billing.no'),
      ];
      return {
        testid: 'partner-visit-row',
        data: { receiptId: v.receiptId, direction: v.direction, memberId: v.memberId, treatment: v.treatment,
          acknowledged: String(v.acknowledged), cents: v.amountCents },
        cells: amounts ? [...cells.slice(0, 5), amountCell(v), ...cells.slice(5)] : cells,
      };
    }),
  });
}

/** Our member's page for a visit abroad, when one may read it; a partner's member is only their id there. */
function memberCell(visit) {
  if (visit.direction === 'abroad' && can('members:read')) {
    return link({ href: `#/members/${encodeURIComponent(visit.memberId)}`, text: visit.memberId, testid: 'partner-visit-member' });
  }
  return el('code', { className: 'id', testid: 'partner-visit-member', text: visit.memberId });
}

function amountCell(visit) {
  return el('span', { className: 'amount', testid: 'partner-visit-amount',
    text: writerFor(visit.currency)(visit.amountCents) });
}

/** Where the month's settlement stands: closed, both statements' hashes, whether they agree, and who owes whom. */
function settlementPart(settlement) {
  const received = settlement.theirHash !== null && settlement.theirHash !== undefined;
  const agrees = settlement.agrees === true;
  return el('section', { className: 'settlement', testid: 'partner-settlement',
    data: { closed: String(settlement.closed === true), received: String(received), agrees: String(agrees) } },
  el('h3', { text: t('partners.settlement.title', { month: monthName(settlement.month) }) }),
  el('dl', { className: 'facts' },
    el('dt', { text: t('partners.settlement.month') }),
    el('dd', { testid: 'partner-settlement-closed',
      text: t(settlement.closed ? 'partners.settlement.closed' : 'partners.settlement.open') }),
    el('dt', { text: t('partners.settlement.ourHash') }),
    el('dd', {}, el('code', { className: 'hash', testid: 'partner-settlement-hash', text: settlement.hash }),
      el('div', { text: settlement.sentAt ? t('partners.settlement.sentAt', { at: dateTime(settlement.sentAt) })
        : t('partners.settlement.notSent') })),
    el('dt', { text: t('partners.settlement.theirHash') }),
    el('dd', {}, received
      ? el('code', { className: 'hash', testid: 'partner-settlement-their-hash', text: settlement.theirHash })
      : el('span', { className: 'empty', testid: 'partner-settlement-their-hash', text: t('partners.settlement.notReceived') }),
    received && settlement.receivedAt
      ? el('div', { text: t('partners.settlement.receivedAt', { at: dateTime(settlement.receivedAt) }) })
      : null),
    el('dt', { text: t('partners.settlement.agrees') }),
    el('dd', {}, el('span', { className: `status ${agrees ? 'status-valid' : 'status-expired'}`,
      testid: 'partner-settlement-agrees', data: { agrees: String(agrees) },
      text: t(agrees ? 'partners.settlement.agreeYes' : 'partners.settlement.agreeNo') })),
    settlement.firstDifference
      ? el('dt', { text: t('partners.settlement.firstDifference') })
      : null,
    settlement.firstDifference
      ? el('dd', { testid: 'partner-settlement-difference', data: { kind: settlement.firstDifference.kind },
        text: t(`partners.settlement.difference.${settlement.firstDifference.kind}`,
          settlement.firstDifference.values) })
      : null,
    el('dt', { text: t('partners.settlement.balance') }),
    el('dd', {}, balances(settlement.statement?.balances ?? []))));
}

/** Each currency's net balance as a sentence, "lab-a owes lab-b 12,00 €"; nothing owed said as such. */
function balances(list) {
  if (list.length === 0) {
    return el('span', { testid: 'partner-settlement-balance', data: { cents: 0 }, text: t('partners.settlement.even') });
  }
  return el('ul', { className: 'plain-list' }, ...list.map((b) => el('li', {
    testid: 'partner-settlement-balance',
    data: { debtor: b.debtor, creditor: b.creditor, currency: b.currency, cents: b.amountCents },
    text: t('partners.settlement.owes', { debtor: b.debtor, creditor: b.creditor,
      amount: writerFor(b.currency)(b.amountCents) }),
  })));
}

/** What a partner's admin needs to register this lab: its id and gateway key, with the key's fingerprint. */
function selfPanel(self) {
  return panel({ title: t('partners.self.title'), testid: 'network-self' },
    el('p', { text: t(self.inNetwork ? 'partners.self.note' : 'partners.self.notInNetwork') }),
    el('dl', {},
      el('dt', { text: t('partners.id') }), el('dd', {}, el('code', { className: 'id', text: self.lab })),
      el('dt', { text: t('partners.self.key') }),
      el('dd', {}, el('code', { testid: 'network-self-key', text: self.publicKey })),
      el('dt', { text: t('registry.fingerprint') }),
      el('dd', {}, el('code', { className: 'fingerprint', testid: 'network-self-fingerprint',
        text: self.fingerprint }))));
}

function partnerTable(partners, manage, reload) {
  const columns = [t('partners.name'), t('partners.id'), t('registry.fingerprint'), t('partners.visitors'),
    t('partners.freeMinutes'), t('partners.visitPricing'), t('partners.passList')];
  return table({
    testid: 'partner-list',
    caption: t('partners.title'),
    columns: manage ? [...columns, t('registry.actions')] : columns,
    empty: t('partners.none'),
    rows: partners.map((p) => {
      const cells = [
        p.name,
        el('code', { className: 'id', text: p.id }),
        el('code', { className: 'fingerprint', testid: 'partner-fingerprint', text: p.fingerprint }),
        visitorsCell(p),
        el('span', { testid: 'partner-free-minutes', text: String(p.freeMinutesPerMonth) }),
        el('span', { testid: 'partner-visit-pricing', text: label('visitPricing', p.visitPricing) }),
        passListCell(p.passList),
      ];
      return {
        testid: 'partner-row',
        data: { partnerId: p.id, visitors: p.visitors, visitPricing: p.visitPricing, passList: passListState(p.passList) },
        cells: manage ? [...cells, partnerActions(p, reload)] : cells,
      };
    }),
  });
}

/** The policy, with its plans under `plans`. */
function visitorsCell(partner) {
  const plans = partner.visitorPlans ?? [];
  return el('div', {}, el('div', { text: label('visitors', partner.visitors) }),
    plans.length > 0 ? el('div', { testid: 'partner-visitor-plans', text: plans.join(', ') }) : null);
}

/** none before the first list, expired once its validUntil is past (it admits nobody then), else valid. */
function passListState(passList) {
  if (!passList) {
    return 'none';
  }
  return parseInstant(passList.validUntil) <= now() ? 'expired' : 'valid';
}

function passListCell(passList) {
  const state = passListState(passList);
  if (state === 'none') {
    return el('span', { className: 'empty', testid: 'partner-pass-list', text: t('partners.noPassList'),
      data: { passList: state } });
  }
  const until = dateTime(passList.validUntil);
  return el('div', { testid: 'partner-pass-list', data: { passList: state } },
    el('div', { text: t('partners.passListVersion', { version: passList.version, n: passList.passes }) }),
    el('div', { text: t('partners.issuedAt', { at: dateTime(passList.issuedAt) }) }),
    state === 'expired'
      ? el('div', { className: 'status status-expired', testid: 'partner-pass-list-expired',
        text: t('partners.expiredAt', { at: until }) })
      : el('div', { text: t('partners.validUntil', { at: until }) }));
}

function visitorOptions() {
  return VISITORS.map((v) => ({ value: v, label: label('visitors', v) }));
}

/** Our prices or the network's, for the visits of a partner's members. */
function visitPricingField({ testid, value }) {
  return field({ label: t('partners.visitPricing'), name: 'visitPricing', hint: t('partners.visitPricingHint'),
    control: select({ testid, value, options: VISIT_PRICING.map((v) => ({ value: v, label: label('visitPricing', v) })) }) });
}

/** The agreement's free minutes a month per visitor: 0 to a month's minutes, as the gateway accepts. */
function freeMinutesField({ testid, value }) {
  return field({ label: t('partners.freeMinutes'), name: 'freeMinutesPerMonth', type: 'number', testid, value,
    hint: t('partners.freeMinutesHint'), attrs: { min: 0, max: 44640, step: 1 } });
}

/** The plans whose members travel under `plans`: plan ids, comma-separated; the gateway names an unknown one. */
function visitorPlansField({ testid, value }) {
  return field({ label: t('partners.visitorPlans'), name: 'visitorPlans', testid, value,
    hint: t('partners.visitorPlansHint') });
}

/** The terms as the gateway takes them: the plans only under `plans`, where they are required. */
function visitorTerms({ visitors, visitorPlans }) {
  return visitors === 'plans'
    ? { visitors, visitorPlans: visitorPlans.split(',').map((id) => id.trim()).filter(Boolean) }
    : { visitors };
}

function partnerActions(partner, reload) {
  return el('div', { className: 'row-actions' },
    form({
      testid: 'partner-visitors-form',
      label: t('partners.changeVisitors', { name: partner.name }),
      className: 'form form-inline',
      action: async ({ visitors, visitorPlans, freeMinutesPerMonth, visitPricing }) => {
        await request('PATCH', apiPath`partners/${partner.id}`, { body: { ...visitorTerms({ visitors, visitorPlans }),
          freeMinutesPerMonth: Number(freeMinutesPerMonth), visitPricing } });
        await reload();
      },
    },
    field({ label: t('partners.visitors'), name: 'visitors', control: select({ testid: 'partner-visitors-select',
      value: partner.visitors, options: visitorOptions() }) }),
    visitorPlansField({ testid: 'partner-visitor-plans-input', value: (partner.visitorPlans ?? []).join(', ') }),
    freeMinutesField({ testid: 'partner-free-minutes-input', value: partner.freeMinutesPerMonth }),
    visitPricingField({ testid: 'partner-visit-pricing-select', value: partner.visitPricing }),
    el('div', { className: 'form-actions' }, submit({ text: t('registry.save'), testid: 'partner-visitors-submit' }))),
    form({
      testid: 'partner-remove-form',
      label: t('partners.remove'),
      confirm: () => ({ question: t('partners.removeQuestion', { name: partner.name, id: partner.id }),
        confirmText: t('partners.remove'), danger: true }),
      action: async () => {
        await request('DELETE', apiPath`partners/${partner.id}`);
        await reload();
      },
    },
    el('div', { className: 'form-actions' }, submit({ text: t('partners.remove'), testid: 'partner-remove-submit', danger: true }))));
}

/**
 * The network price list, which prices the visits of partners whose visitPricing is network: read by all here,
 * set and removed by who manages billing, with the prices page's table and form.
 */
async function networkPricesPanel(reload) {
  const [settings, prices, machines] = await Promise.all([get('billing/settings'), get('network/prices'),
    get('machines')]);
  const money = writerFor(settings.currency);
  const edit = can('billing:write');
  const kinds = [...new Set([...machines.map((m) => m.kind), ...prices.map((p) => p.machineKind)].filter(Boolean))];
  return panel({ title: t('networkPrices.title'), testid: 'network-prices-panel' },
    el('p', { text: t('networkPrices.note') }),
    priceTable(prices, money, { caption: t('networkPrices.title'), empty: t('networkPrices.none'),
      actions: edit ? (p) => removeNetworkPriceForm(p, reload) : undefined }),
    edit ? priceForm(prices, kinds, async (kind, list) => {
      await put(apiPath`network/prices/${kind}`, list);
      await reload();
    }, t('networkPrices.edit')) : null);
}

function removeNetworkPriceForm(prices, reload) {
  const kind = label('kind', prices.machineKind);
  return form({
    testid: 'network-price-remove-form',
    label: t('networkPrices.remove'),
    confirm: () => ({ question: t('networkPrices.removeQuestion', { kind }), confirmText: t('networkPrices.remove'),
      danger: true }),
    action: async () => {
      await request('DELETE', apiPath`network/prices/${prices.machineKind}`);
      await reload();
    },
  },
  el('div', { className: 'form-actions' }, submit({ text: t('networkPrices.remove'), testid: 'network-price-remove',
    danger: true })));
}

function equivalencesPanel(partner, equivalences, trainings, names, reload) {
  const edit = can('partners:equivalences');
  const save = async (next) => {
    await put(apiPath`partners/${partner.id}/equivalences`, { equivalences: next });
    await reload();
  };
  const columns = [t('partners.theirTraining', { name: partner.name }), t('partners.ourTraining')];
  const section = panel({ title: t('partners.equivalences', { name: partner.name }), testid: 'equivalences-panel' },
    table({
      testid: 'equivalence-list',
      caption: t('partners.equivalences', { name: partner.name }),
      columns: edit ? [...columns, t('registry.actions')] : columns,
      empty: t('partners.noEquivalences'),
      rows: equivalences.map((e) => {
        const cells = [el('code', { className: 'id', text: e.theirTraining }),
          `${names.get(e.ourTraining) ?? e.ourTraining} (${e.ourTraining})`];
        return {
          testid: 'equivalence-row',
          data: { theirTraining: e.theirTraining, ourTraining: e.ourTraining },
          cells: edit ? [...cells, removeEquivalenceForm(partner, e, equivalences, save)] : cells,
        };
      }),
    }),
    edit ? addEquivalenceForm(partner, equivalences, trainings, save) : null);
  section.dataset.partnerId = partner.id;
  return section;
}

function removeEquivalenceForm(partner, equivalence, equivalences, save) {
  return form({
    testid: 'equivalence-remove-form',
    label: t('partners.removeEquivalence'),
    confirm: () => ({ question: t('partners.removeEquivalenceQuestion', { their: equivalence.theirTraining,
      our: equivalence.ourTraining, name: partner.name }), confirmText: t('partners.removeEquivalence'), danger: true }),
    action: () => save(equivalences.filter((e) => e !== equivalence)),
  },
  el('div', { className: 'form-actions' }, submit({ text: t('partners.removeEquivalence'), testid: 'equivalence-remove', danger: true })));
}

function addEquivalenceForm(partner, equivalences, trainings, save) {
  return form({
    testid: 'equivalence-form',
    label: t('partners.addEquivalence'),
    action: ({ theirTraining, ourTraining }) => save([...equivalences, { theirTraining, ourTraining }]),
  },
  field({ label: t('partners.theirTraining', { name: partner.name }), name: 'theirTraining', testid: 'equivalence-their',
    required: true, hint: t('partners.theirTrainingHint') }),
  field({ label: t('partners.ourTraining'), name: 'ourTraining', control: select({ testid: 'equivalence-our',
    options: trainings.map((tr) => ({ value: tr.id, label: `${tr.name || tr.id} (${tr.id})` })) }) }),
  el('div', { className: 'form-actions' }, submit({ text: t('partners.addEquivalence'), testid: 'equivalence-submit' })));
}

/** The add form; once added, the key's fingerprint is shown to be confirmed with the partner before relying on it. */
function addPanel(reload) {
  const result = el('div', { className: 'notice notice-warn fingerprint-confirm', testid: 'partner-added',
    attrs: { hidden: true, role: 'status' } });
  const add = form({
    testid: 'partner-add-form',
    label: t('partners.add'),
    action: async ({ id, name, publicKey, visitors, visitorPlans, freeMinutesPerMonth, visitPricing }, node) => {
      const added = await post('partners', { id, name, publicKey, ...visitorTerms({ visitors, visitorPlans }),
        freeMinutesPerMonth: Number(freeMinutesPerMonth), visitPricing });
      node.reset();
      result.replaceChildren(
        el('p', { text: t('partners.addedConfirm', { name: added.name, id: added.id }) }),
        el('code', { className: 'fingerprint', testid: 'partner-added-fingerprint', text: added.fingerprint }));
      result.hidden = false;
      await reload();
    },
  },
  field({ label: t('partners.id'), name: 'id', testid: 'partner-add-id', required: true, hint: t('partners.idHint') }),
  field({ label: t('partners.name'), name: 'name', testid: 'partner-add-name', required: true }),
  field({ label: t('partners.publicKey'), name: 'publicKey', testid: 'partner-add-key', required: true,
    hint: t('partners.publicKeyHint'), attrs: { autocomplete: 'off', spellcheck: 'false' } }),
  field({ label: t('partners.visitors'), name: 'visitors', control: select({ testid: 'partner-add-visitors',
    value: 'all', options: visitorOptions() }) }),
  visitorPlansField({ testid: 'partner-add-visitor-plans' }),
  freeMinutesField({ testid: 'partner-add-free-minutes', value: 0 }),
  visitPricingField({ testid: 'partner-add-visit-pricing', value: 'host' }),
  el('div', { className: 'form-actions' }, submit({ text: t('partners.addSubmit'), testid: 'partner-add-submit' })));
  return panel({ title: t('partners.add'), testid: 'partner-add-panel' }, add, result);
}

// Parts shared by the billing pages: amounts and rates in the page's language with the lab's
// currency, typed amounts read into exact cents (money.js) with the error under their field,
// months, ledger labels, and member pickers.

import { get, query } from '../api.js';
import { now } from '../clock.js';
import { el, field, localProblem, select } from '../dom.js';
import { calendarDate, label } from '../format.js';
import { has, language, t } from '../i18n.js';
import { formatBasisPoints, formatMoney, hundredthsText, parseBasisPoints, parseCents, parseWhole } from '../money.js';

const DEFAULT_CURRENCY = 'EUR';
const MEMBER_LIMIT = 1000;

/** GET /billing/settings → a function writing cents in the lab's currency, e.g. "12,50 €". */
export async function moneyWriter() {
  const settings = await get('billing/settings');
  return writerFor(settings?.currency);
}

/** A function writing cents in `currency` (EUR when missing) and the page's language. */
export function writerFor(currency) {
  const code = typeof currency === 'string' && /^[A-Z]{3}$/.test(currency) ? currency : DEFAULT_CURRENCY;
  return (cents) => (typeof cents === 'number' ? formatMoney(cents, code, language()) : '');
}

/** Basis points as a percentage in the page's language ("5,5 %"). */
export function percent(basisPoints) {
  return typeof basisPoints === 'number' ? formatBasisPoints(basisPoints, language()) : '';
}

/**
 * A ledger entry's or statement line's label in the page's language, from its labelCode and
 * labelParams (docs/billing.md): dates, months and units written out. The stored English `label`
 * stays the fallback for an entry without a code the page knows.
 */
export function ledgerLabel(entry) {
  const key = `ledgerLabel.${entry?.labelCode}`;
  if (!entry?.labelCode || !has(key)) {
    return entry?.label ?? '';
  }
  const params = { ...(entry.labelParams ?? {}) };
  if (params.date) {
    params.date = calendarDate(params.date);
  }
  if (params.month) {
    params.month = monthName(params.month);
  }
  if (params.unit) {
    params.unit = label('unit', params.unit);
  }
  return t(key, params);
}

// Signs (docs/billing.md, "Signs"): amounts and balances are owed-positive, as in the ledger, but
// people never read a bare minus sign: a balance is written in words, an entry in one of two
// positive columns, charged or paid/credited. data-cents keeps the signed amount for scripts.

/**
 * A balance in words: `owedCents` positive owed, negative in credit. `voice` is the i18n group
 * speaking: 'me' (to the member) or 'member' (about them).
 */
export function balanceText(owedCents, money, voice) {
  if (owedCents > 0) {
    return t(`${voice}.balanceOwed`, { amount: money(owedCents) });
  }
  if (owedCents < 0) {
    return t(`${voice}.balanceCredit`, { amount: money(-owedCents) });
  }
  return t(`${voice}.balanceSettled`);
}

/** The columns of a ledger amount: what adds to the debt, what reduces it (both positive). */
export function amountColumns() {
  return [t('billing.charged'), t('billing.paidOrCredited')];
}

/** The two cells of a signed ledger amount under amountColumns(): one holds it, positive; the other is empty. */
export function amountCells(cents, money) {
  const amount = el('span', { className: 'amount', text: money(Math.abs(cents)), data: { cents } });
  return cents > 0 ? [amount, ''] : ['', amount];
}

/** Hundredths (cents, basis points) as form text in the page's language; "" for null. */
export function typed(hundredths) {
  return typeof hundredths === 'number' ? hundredthsText(hundredths, language()) : '';
}

/**
 * values[name] as cents; throws a problem shown under the field when it is not an amount.
 * @param {object} options positive: more than 0; negative: a "-" is accepted; optional: "" gives null
 */
export function readCents(values, name, { positive = false, negative = false, optional = false } = {}) {
  const text = values[name] ?? '';
  if (optional && text === '') {
    return null;
  }
  const cents = parseCents(text, { negative });
  if (cents === null) {
    throw localProblem(name, t(negative ? 'money.invalidSignedAmount' : 'money.invalidAmount'));
  }
  if (positive && cents <= 0) {
    throw localProblem(name, t('money.notPositive'));
  }
  return cents;
}

/** values[name], a percentage, as basis points; throws a problem for the field otherwise. */
export function readRate(values, name) {
  const basisPoints = parseBasisPoints(values[name] ?? '');
  if (basisPoints === null) {
    throw localProblem(name, t('money.invalidRate'));
  }
  return basisPoints;
}

/** values[name] as a whole number (null when optional and empty); throws a problem for the field otherwise. */
export function readWhole(values, name, { positive = false, optional = false } = {}) {
  const text = values[name] ?? '';
  if (optional && text === '') {
    return null;
  }
  const value = parseWhole(text);
  if (value === null || (positive && value === 0)) {
    throw localProblem(name, t(positive ? 'money.invalidPositiveWhole' : 'money.invalidWhole'));
  }
  return value;
}

/** The current month ("2026-11") on this device's calendar. */
export function currentMonth() {
  const today = new Date(now());
  return monthOf(today.getFullYear(), today.getMonth() + 1);
}

/** The month before the current one. */
export function previousMonth() {
  const today = new Date(now());
  return today.getMonth() === 0 ? monthOf(today.getFullYear() - 1, 12) : monthOf(today.getFullYear(), today.getMonth());
}

/** "2026-11" as "November 2026" / "novembre 2026"; anything else as is. */
export function monthName(month) {
  const match = typeof month === 'string' ? /^(\d{4})-(\d{2})$/.exec(month) : null;
  if (!match) {
    return month ? String(month) : '';
  }
  return new Intl.DateTimeFormat(language(), { month: 'long', year: 'numeric' })
    .format(new Date(Number(match[1]), Number(match[2]) - 1, 1));
}

/** The first and last day ("2026-10-01", "2026-10-31") of a month "2026-10". */
export function monthDays(month) {
  const [year, number] = month.split('-').map(Number);
  const last = new Date(year, number, 0).getDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

/** Every member (active or not), by name, for pickers. */
export async function allMembers() {
  const members = await get(`members${query({ active: '', limit: MEMBER_LIMIT })}`);
  return [...members].sort((a, b) => String(a.name).localeCompare(String(b.name), language()));
}

/** A labelled member select; `any` adds a first empty choice with that text. */
export function memberField({ members, name, testid, value, any, label = t('billing.member') }) {
  const options = members.map((m) => ({ value: m.id, label: m.number ? `${m.name} (${m.number})` : m.name || m.id }));
  return field({ label, name, control: select({
    testid,
    value,
    options: any ? [{ value: '', label: any }, ...options] : options,
  }) });
}

/** A labelled checkbox; FormData gives "on" when it is ticked. */
export function checkbox({ label: text, name, testid }) {
  const input = el('input', { testid, attrs: { type: 'checkbox', name } });
  return el('div', { className: 'field field-check' }, el('label', {}, input, ` ${text}`));
}

/** Sets form controls by name (prefilling an editor from the chosen row). */
export function setValues(formNode, values) {
  for (const [name, value] of Object.entries(values)) {
    formNode.elements.namedItem(name).value = String(value);
  }
}

function monthOf(year, month) {
  return `${year}-${String(month).padStart(2, '0')}`;
}

// Money and rates between the API and the forms. The API speaks integer cents and basis points
// (docs/billing.md §1); people type decimals ("2,50" or "2.50", "5,5" %). Typed text is converted
// by reading its digits, never through a float, so "0,1" is exactly 10 and "1.005" is refused
// rather than rounded. No DOM and no catalogue here: the language is an argument.

const DECIMAL = /^(-)?(\d+)(?:[.,](\d{1,2}))?$/;

/**
 * A typed decimal with at most two decimals, in hundredths: "2,50" → 250, "0.1" → 10, "7" → 700.
 * Null when it is not such a number (empty, "1.005", "1,000.00", "1e3", "½") or too large to be exact.
 * @param {string} text as typed; surrounding spaces are ignored
 * @param {{negative?: boolean}} options negative: accept a leading "-" (refused by default)
 */
export function parseHundredths(text, { negative = false } = {}) {
  const match = DECIMAL.exec(String(text ?? '').trim());
  if (!match || (match[1] && !negative)) {
    return null;
  }
  const digits = match[2] + (match[3] ?? '').padEnd(2, '0');
  const value = Number(digits);
  if (!Number.isSafeInteger(value)) {
    return null;
  }
  return match[1] && value !== 0 ? -value : value;
}

/** A typed amount ("12,50") in cents (1250), or null; see parseHundredths. */
export function parseCents(text, options) {
  return parseHundredths(text, options);
}

/** A typed percentage ("5,5") in basis points (550), or null when not one from 0 to 100 with two decimals at most. */
export function parseBasisPoints(text) {
  const value = parseHundredths(text);
  return value !== null && value <= 10000 ? value : null;
}

/** A typed whole number ("15") ≥ 0, or null. */
export function parseWhole(text) {
  const trimmed = String(text ?? '').trim();
  if (!/^\d+$/.test(trimmed)) {
    return null;
  }
  const value = Number(trimmed);
  return Number.isSafeInteger(value) ? value : null;
}

/**
 * Hundredths as typed text in the language's decimal mark, for prefilling a form: 250 → "2,50" (fr),
 * "2.50" (en); -5 → "-0.05". Written from the digits, so it reads back exactly with parseHundredths.
 */
export function hundredthsText(value, lang) {
  const { sign, whole, fraction } = split(value);
  return `${sign}${whole}${decimalMark(lang)}${fraction}`;
}

/**
 * Cents as money in the language, with the lab's currency: 1250, "EUR" → "12,50 €" (fr), "€12.50" (en).
 * The amount reaches Intl as decimal text, so no float rounding can move a cent.
 */
export function formatMoney(cents, currency, lang) {
  const { sign, whole, fraction } = split(cents);
  return new Intl.NumberFormat(lang, { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 })
    .format(`${sign}${whole}.${fraction}`);
}

/** Basis points as a percentage in the language: 2000 → "20 %" (fr), "20%" (en); 550 → "5,5 %". */
export function formatBasisPoints(basisPoints, lang) {
  const n = Number(basisPoints);
  if (!Number.isSafeInteger(n)) {
    throw new RangeError(`not a whole number of basis points [value: ${basisPoints}]`);
  }
  const digits = String(Math.abs(n)).padStart(5, '0');
  return new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 2 })
    .format(`${n < 0 ? '-' : ''}${digits.slice(0, -4)}.${digits.slice(-4)}`);
}

function split(value) {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) {
    throw new RangeError(`not a whole number of hundredths [value: ${value}]`);
  }
  const digits = String(Math.abs(n)).padStart(3, '0');
  return { sign: n < 0 ? '-' : '', whole: digits.slice(0, -2), fraction: digits.slice(-2) };
}

function decimalMark(lang) {
  const part = new Intl.NumberFormat(lang).formatToParts(1.5).find((p) => p.type === 'decimal');
  return part ? part.value : '.';
}

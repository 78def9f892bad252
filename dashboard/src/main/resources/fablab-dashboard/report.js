// The impact report as the dashboard reads it: report periods as local dates ("2026-03-01"), the suppressed counts of
// its JSON, and its lists lined up over its three parts. No DOM and no catalogue (format.js, its one import, loads
// neither), so that ReportScriptTest runs it in GraalJS without a browser.
//
// Dates are computed in UTC on purpose: they are calendar dates, and no time zone may move one.

import { pad } from './format.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const SUPPRESSED = /^<(\d+)$/;

/** The kinds of period the picker offers, the default first. */
export const PERIOD_KINDS = Object.freeze(['last12', 'month', 'quarter', 'year', 'custom']);

/**
 * The default period: the last twelve whole months, ending with the month before `today`'s. A full year of
 * complete months, whatever the day: the current month, still running, would read as a drop.
 */
export function lastTwelveMonths(today) {
  const { year, month } = parts(today);
  return { from: firstDay(year, month - 12), to: lastDay(year, month - 1) };
}

/** A calendar month ("2026-03") as a period. */
export function monthPeriod(yearMonth) {
  const [year, month] = String(yearMonth).split('-').map(Number);
  return { from: firstDay(year, month), to: lastDay(year, month) };
}

/** Quarter 1 to 4 of a year as a period. */
export function quarterPeriod(year, quarter) {
  const first = 3 * Number(quarter) - 2;
  return { from: firstDay(Number(year), first), to: lastDay(Number(year), first + 2) };
}

/** A calendar year as a period. */
export function yearPeriod(year) {
  return { from: firstDay(Number(year), 1), to: lastDay(Number(year), 12) };
}

/**
 * What the picker shows for a period: {kind, month ("2026-03"), year, quarter}. A whole month, quarter
 * or year is named as such; the twelve months before `today`'s month are 'last12'; anything else 'custom',
 * with the month, quarter and year of today when the period's first date is not a date.
 */
export function describePeriod({ from, to }, today) {
  if (!isDate(from)) {
    return { ...describePeriod({ from: today, to: today }, today), kind: 'custom' };
  }
  const start = parts(from);
  const year = start.year;
  const month = `${year}-${pad(start.month)}`;
  const quarter = Math.floor((start.month - 1) / 3) + 1;
  const named = (kind) => ({ kind, month, year, quarter });
  const same = (period) => period.from === from && period.to === to;
  if (same(lastTwelveMonths(today))) {
    return named('last12');
  }
  if (same(monthPeriod(month))) {
    return named('month');
  }
  if (same(quarterPeriod(year, quarter))) {
    return named('quarter');
  }
  if (same(yearPeriod(year))) {
    return named('year');
  }
  return named('custom');
}

/**
 * Why a period typed by hand cannot be asked for, as a catalogue key, or null when it can:
 * 'impact.error.dates' (not two dates), 'impact.error.order' (to before from).
 */
export function periodProblem({ from, to }) {
  if (!isDate(from) || !isDate(to)) {
    return 'impact.error.dates';
  }
  return to < from ? 'impact.error.order' : null;
}

/** Whether text is a real calendar date "YYYY-MM-DD" (no 31 April). */
export function isDate(text) {
  const match = DATE.exec(String(text ?? ''));
  if (!match) {
    return false;
  }
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === text;
}

/**
 * A count of the report's JSON read: a number is exact; "<5" is suppressed (somewhere from 1 to 4) and
 * has no value, only its threshold. Anything else is missing.
 * @returns {{exact: boolean, suppressed: boolean, value: number|null, threshold: number|null}}
 */
export function readCount(count) {
  if (typeof count === 'number' && Number.isFinite(count)) {
    return { exact: true, suppressed: false, value: count, threshold: null };
  }
  const match = SUPPRESSED.exec(typeof count === 'string' ? count : '');
  if (match) {
    return { exact: false, suppressed: true, value: null, threshold: Number(match[1]) };
  }
  return { exact: false, suppressed: false, value: null, threshold: null };
}

/**
 * A count as text in a language: 1234 → "1 234" (fr), "1,234" (en); "<5" → "< 5", never a number;
 * a missing count → "".
 */
export function countText(count, lang) {
  const read = readCount(count);
  if (read.suppressed) {
    return `< ${read.threshold}`;
  }
  return read.exact ? new Intl.NumberFormat(lang).format(read.value) : '';
}

/** Seconds as hours with one decimal (a number: 5400 → 1.5). */
export function hours(seconds) {
  return Math.round(Number(seconds) / 360) / 10;
}

/** Hours with one decimal in a language: 5400, 'fr' → "1,5". */
export function hoursText(seconds, lang) {
  return new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(hours(seconds));
}

/**
 * A list of the figures (per machine, per group, …) lined up over the report's parts by name: one row per
 * name met in any part, in the order of the current part first, then of the others; each row holds the
 * part's item or null where a part lacks the name.
 * @param {object[]} figures the parts' figures, e.g. [current, previous, yearEarlier]
 * @param {(figures: object) => object[]} list the list in one part's figures
 * @param {(item: object) => string} name an item's name
 * @returns {{name: string, items: (object|null)[]}[]}
 */
export function lineUp(figures, list, name) {
  const rows = new Map();
  figures.forEach((part, index) => {
    for (const item of list(part) ?? []) {
      const key = name(item);
      if (!rows.has(key)) {
        rows.set(key, { name: key, items: figures.map(() => null) });
      }
      rows.get(key).items[index] = item;
    }
  });
  return [...rows.values()];
}

/**
 * Whether any part of the report saw a visit between partner labs, either way (a session of a partner's visitor
 * here, a receipt of one of our members' visits there): the page shows its network section only then, as the PDF
 * does. A suppressed count ("<5") is at least one visit.
 */
export function hasNetworkVisits(report) {
  return ['current', 'previous', 'yearEarlier'].some((key) => {
    const network = report?.[key]?.figures?.network;
    return [network?.visitsHosted, network?.visitsAbroad].some((count) => {
      const read = readCount(count);
      return read.suppressed || (read.exact && read.value > 0);
    });
  });
}

/**
 * The months of the current part beside the same months a year earlier, by position (the year-earlier part
 * covers the same calendar months): [{month, current, earlier}] with MonthUsage records or null.
 */
export function monthsBeside(report) {
  const current = report?.current?.figures?.months ?? [];
  const earlier = report?.yearEarlier?.figures?.months ?? [];
  return current.map((usage, index) => ({ month: usage.month, current: usage, earlier: earlier[index] ?? null }));
}

function parts(date) {
  const match = DATE.exec(String(date));
  if (!match) {
    throw new RangeError(`not a date [value: ${date}]`);
  }
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

/** The first day of a month; months out of 1..12 roll over into the next or previous years. */
function firstDay(year, month) {
  return iso(new Date(Date.UTC(year, month - 1, 1)));
}

function lastDay(year, month) {
  return iso(new Date(Date.UTC(year, month, 0)));
}

function iso(date) {
  return date.toISOString().slice(0, 10);
}

// Turns numbers and timestamps into display text, through the translation catalogue.
// Everything here returns plain strings; callers put them in the DOM with textContent.

import { has, language, t } from './i18n.js';

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86400;

/** Running time as H:MM:SS (tabular; never negative). */
export function elapsed(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / HOUR);
  const m = Math.floor((s % HOUR) / MINUTE);
  const sec = s % MINUTE;
  return `${h}:${pad(m)}:${pad(sec)}`;
}

/** A finished duration, rounded for reading: "45 s", "12 min", "1 h 05 min". */
export function duration(seconds) {
  const s = Math.max(0, Math.round(seconds));
  if (s < MINUTE) {
    return t('duration.s', { s });
  }
  if (s < HOUR) {
    return t('duration.m', { m: Math.floor(s / MINUTE) });
  }
  return t('duration.hm', { h: Math.floor(s / HOUR), m: pad(Math.floor((s % HOUR) / MINUTE)) });
}

/** Seconds in an ISO-8601 duration as the API writes it ("PT15M", "PT24H", "PT1H30M10S"); null when absent or other. */
export function isoDurationSeconds(text) {
  const match = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(String(text ?? ''));
  if (!match || text === 'PT') {
    return null;
  }
  const [, h, m, s] = match;
  return Number(h ?? 0) * HOUR + Number(m ?? 0) * MINUTE + Number(s ?? 0);
}

/** How long ago, coarse: "just now", "3 min ago", "5 h ago", "2 days ago". */
export function age(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  if (s < MINUTE) {
    return t('age.now');
  }
  if (s < HOUR) {
    return t('age.minutes', { n: Math.floor(s / MINUTE) });
  }
  if (s < DAY) {
    return t('age.hours', { n: Math.floor(s / HOUR) });
  }
  return t('age.days', { n: Math.floor(s / DAY) });
}

/** Local time of day in the current language, e.g. "14:05" (fr) or "2:05 PM" (en). */
export function timeOfDay(epochMs) {
  return new Intl.DateTimeFormat(language(), { hour: 'numeric', minute: '2-digit' })
    .format(new Date(epochMs));
}

/** A calendar date ("2026-11-23") in the current language, e.g. "23 nov. 2026"; junk shown as is. */
export function calendarDate(text) {
  const match = typeof text === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(text) : null;
  if (!match) {
    return text ? String(text) : '';
  }
  // Built from its parts in local time, so no time zone can move it to the day before.
  const day = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return new Intl.DateTimeFormat(language(), { dateStyle: 'medium' }).format(day);
}

/** An instant ("2026-11-23T17:00:00Z") as local date and time in the current language; "" if unreadable. */
export function dateTime(text) {
  const at = parseInstant(text);
  return Number.isNaN(at)
    ? ''
    : new Intl.DateTimeFormat(language(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(at));
}

/** An instant as a short local date and time on one line, e.g. "23/11/2026 17:05" (fr); "" if unreadable. */
export function shortDateTime(text) {
  const at = parseInstant(text);
  return Number.isNaN(at)
    ? ''
    : new Intl.DateTimeFormat(language(), { dateStyle: 'short', timeStyle: 'short' }).format(new Date(at));
}

/** A date ("2026-11-23") or an instant, whichever the text is, in the current language. */
export function dateOrInstant(text) {
  return typeof text === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(text) ? calendarDate(text) : dateTime(text);
}

/** A training's validity rule in words: "Forever", "365 days from the grant", … */
export function validity(rule) {
  switch (rule?.kind) {
    case 'forever': return t('rule.forever');
    case 'fixed-duration': return t('rule.fixedDuration', { n: rule.days ?? 0 });
    case 'until-date': return t('rule.untilDate', { date: calendarDate(rule.until) });
    case 'lapses-after-disuse': return t('rule.lapsesAfterDisuse', { n: rule.days ?? 0 });
    default: return rule?.kind ? String(rule.kind) : '';
  }
}

/** Translated label for a key family, or the raw value when the catalogue does not know it. */
export function label(prefix, value) {
  const key = `${prefix}.${value}`;
  return has(key) ? t(key) : String(value);
}

/** Parses an ISO-8601 timestamp to epoch milliseconds, or NaN. */
export function parseInstant(text) {
  return typeof text === 'string' ? Date.parse(text) : NaN;
}

/** n written with two digits at least, as dates and times write their parts ("07"). */
export function pad(n) {
  return String(n).padStart(2, '0');
}

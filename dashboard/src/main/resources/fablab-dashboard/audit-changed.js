// The `changed` parameter of the audit log's update entries (member, machine, node, account) in
// the reader's language. The gateway writes it as English text, and rows already written keep it:
// "name, validUntil=2026-12-31, active=false", "name=Laser 2, kind=laser-cutter",
// "machine laser-1 -> laser-2, offlinePolicy=cached, maxStaleness=PT15M", "role, email". Each
// field is named by auditField.<field>, and its value written as a date, a duration, a yes/no or a
// translated code; a value that held ", " is put back together.

import { calendarDate, duration, isoDurationSeconds, label } from './format.js';
import { has, t } from './i18n.js';

const FIELD = /^(name|email|group|validUntil|active|territory|kind|offlinePolicy|maxStaleness|role)(?:=(.*))?$|^machine(?: (.*) -> (.*))?$/s;

/** The changed fields as one line of text in the page's language; "" for none. */
export function changedText(text) {
  if (typeof text !== 'string' || text === '') {
    return '';
  }
  const items = [];
  for (const part of text.split(', ')) {
    const match = FIELD.exec(part);
    const last = items[items.length - 1];
    if (match) {
      items.push(match[1] === undefined ? { field: 'machine', from: match[3], to: match[4] }
        : { field: match[1], value: match[2] });
    } else if (last?.value !== undefined) {
      last.value += `, ${part}`; // the rest of a value holding ", " (a machine's name)
    } else {
      items.push({ raw: part });
    }
  }
  return items.map(write).join(', ');
}

function write({ field, value, from, to, raw }) {
  if (raw !== undefined) {
    return raw;
  }
  const name = has(`auditField.${field}`) ? t(`auditField.${field}`) : field;
  if (from !== undefined) {
    return t('audit.changedFromTo', { field: name, from, to });
  }
  return value === undefined ? name : t('audit.changedTo', { field: name, value: written(field, value) });
}

function written(field, text) {
  switch (field) {
    case 'validUntil':
      return text === 'none' ? t('auditValue.none') : calendarDate(text);
    case 'active':
      return t(text === 'true' ? 'auditValue.yes' : 'auditValue.no');
    case 'kind':
      return label('kind', text);
    case 'offlinePolicy':
      return label('policy', text);
    case 'maxStaleness': {
      const seconds = isoDurationSeconds(text);
      return seconds === null ? text : duration(seconds);
    }
    default:
      return text;
  }
}

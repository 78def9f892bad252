// #/security: the MQTT messages the gateway refused. The gateway counts every refusal per node,
// reason and minute, and keeps only the first few of each minute in detail; the page shows both,
// the counts as totals per node and reason over the chosen days, the details a page at a time.
// The filters (node, reason, days) and the page live in the address (#/security?node=…&offset=…).

import { get, query } from '../api.js';
import { el, field, form, pager, panel, select, submit, table } from '../dom.js';
import { label, shortDateTime } from '../format.js';
import { has, t } from '../i18n.js';
import { navigate } from '../router.js';

const LIMIT = 50;
const FILTERS = ['node', 'reason', 'from', 'to'];
// Rejection.java, in its order
const REASONS = Object.freeze(['oversize', 'bad-topic', 'malformed', 'unsupported-version', 'topic-mismatch',
  'unknown-node', 'unknown-partner', 'missing-signature', 'bad-signature', 'invalid-field', 'clock-skew', 'replayed-seq']);

/**
 * What the refusal means and what to check, in the reader's language by its reason code; the
 * gateway's own words (English, technical) stay in the title for whoever reports the problem.
 */
function detail(event) {
  const key = `security.detail.${event.reason}`;
  return el('span', { className: 'security-detail', text: has(key) ? t(key) : (event.detail ?? ''),
    attrs: event.detail ? { title: event.detail } : {} });
}

/** Renders the page; resolves once the refusals are shown. */
export async function render(view, { query: hashQuery }) {
  const filters = Object.fromEntries(FILTERS.map((name) => [name, hashQuery.get(name) ?? '']));
  const offset = Math.max(0, Number.parseInt(hashQuery.get('offset') ?? '0', 10) || 0);
  const since = filters.from ? new Date(`${filters.from}T00:00:00`).toISOString() : '';
  const [page, counts] = await Promise.all([
    get(`security-events${query({ ...filters, offset, limit: LIMIT })}`),
    get(`security-events/counts${query({ since })}`),
  ]);
  const go = (values, at) => navigate(`#/security${query({ ...values, offset: at || '' })}`);
  const nodes = [...new Set([filters.node, ...counts.map((c) => c.node)].filter(Boolean))].sort();

  const filterForm = form({
    testid: 'security-filter-form',
    label: t('audit.filters'),
    className: 'form form-inline',
    action: async (values) => go(values, 0),
  },
  field({ label: t('security.node'), name: 'node', control: select({
    testid: 'security-filter-node',
    value: filters.node,
    options: [{ value: '', label: t('security.anyNode') }, ...nodes.map((node) => ({ value: node, label: node }))],
  }) }),
  field({ label: t('security.reason'), name: 'reason', control: select({
    testid: 'security-filter-reason',
    value: filters.reason,
    options: [{ value: '', label: t('security.anyReason') },
      ...REASONS.map((reason) => ({ value: reason, label: label('security.reason', reason) }))],
  }) }),
  field({ label: t('audit.from'), name: 'from', type: 'date', testid: 'security-filter-from', value: filters.from }),
  field({ label: t('audit.to'), name: 'to', type: 'date', testid: 'security-filter-to', value: filters.to }),
  el('div', { className: 'form-actions' }, submit({ text: t('audit.filter'), testid: 'security-filter-submit' })));

  const shownCounts = counts.filter((c) => (!filters.node || c.node === filters.node)
    && (!filters.reason || c.reason === filters.reason));
  view.append(
    panel({ title: t('security.events'), testid: 'security-panel' }, filterForm,
      el('p', { className: 'field-hint', text: t('security.eventsHint') }),
      table({
        testid: 'security-list',
        caption: t('security.events'),
        columns: [t('security.at'), t('security.node'), t('security.reason'), t('security.topic'), t('security.detail')],
        empty: t('security.eventsNone'),
        rows: page.entries.map((e) => ({
          testid: 'security-row',
          data: { eventId: e.id, node: e.node, reason: e.reason },
          cells: [
            el('span', { className: 'when', text: shortDateTime(e.occurredAt), attrs: { title: e.occurredAt } }),
            e.node || t('security.noNode'),
            label('security.reason', e.reason),
            e.topic ?? '',
            detail(e),
          ],
        })),
      }),
      pager({ offset: page.offset, limit: page.limit, total: page.total, testid: 'security-pager',
        go: (at) => go(filters, at) })),
    panel({ title: t('security.countsTitle'), testid: 'refusals-panel' },
      el('p', { className: 'field-hint', text: t('security.countsHint') }),
      table({
        testid: 'refusal-list',
        caption: t('security.countsTitle'),
        columns: [t('security.node'), t('security.reason'), t('security.refused'), t('security.last')],
        empty: t('security.none'),
        rows: shownCounts.map((r) => ({
          testid: 'refusal-row',
          data: { node: r.node, reason: r.reason, refused: r.refused },
          cells: [r.node || t('security.noNode'), label('security.reason', r.reason), String(r.refused),
            el('span', { className: 'when', text: shortDateTime(r.lastMinute) })],
        })),
      })));
}

// #/impact (board and funders, fabmanagers, treasurers, admins): the impact report of a period beside the
// previous period and the same period a year earlier, as the gateway computes it (GET /reports/impact,
// counts already suppressed). The period is in the address (#/impact?from=2026-01-01&to=2026-12-31); without
// one, the last twelve whole months. Charts (charts.js), every figure in a table, and the JSON, CSV and PDF
// downloads of the same period, which the browser follows itself with the session cookie.

import { apiUrl, get, query, unlessForbidden } from '../api.js';
import { barChart, heatmap, lineChart, toElement } from '../charts.js';
import { now } from '../clock.js';
import { el, field, form, localProblem, notice, panel, problemText, select, submit, table } from '../dom.js';
import { calendarDate, dateTime, label } from '../format.js';
import { language, t } from '../i18n.js';
import { navigate } from '../router.js';
import {
  countText, describePeriod, hasNetworkVisits, hours, hoursText, lastTwelveMonths, lineUp, monthPeriod, monthsBeside,
  PERIOD_KINDS, periodProblem, quarterPeriod, yearPeriod,
} from '../report.js';
import { writerFor } from './billing.js';

const PARTS = ['current', 'previous', 'yearEarlier'];
const ENCODINGS = ['utf-8', 'utf-8-bom', 'windows-1252'];
const WEEKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];

// What each section shows: scalar figures with how to write them, then the lists lined up by name; a section with
// `shown` only for the reports it says (visits between partner labs: a lab outside any network has none).
const SECTIONS = [
  { name: 'people', figures: [['activeMembers', 'count'], ['newMembers', 'count'], ['regular', 'count'],
    ['occasional', 'count']],
  lists: [['byGroup', shareName, (s) => s.count, 'count'], ['byTerritory', shareName, (s) => s.count, 'count']] },
  { name: 'machines', figures: [['sessions', 'count'], ['wallSeconds', 'hours'], ['activeSeconds', 'hours'],
    ['freeWindowSeconds', 'hours']],
  lists: [['perMachine', (m) => m.name, (m) => m.wallSeconds, 'hours'],
    ['perKind', (m) => label('kind', m.kind), (m) => m.wallSeconds, 'hours'],
    ['refusals', (s) => label(`impact.refusal`, s.name), (s) => s.count, 'count']] },
  { name: 'skills', figures: [['delivered', 'count'], ['byPeers', 'count'], ['byStaff', 'count'],
    ['activeAtEnd', 'count'], ['lapsed', 'count'], ['firstTime', 'count']],
  lists: [['perTraining', (s) => s.name, (s) => s.count, 'count']] },
  { name: 'materials', figures: [['energyWh', 'energy'], ['repairSessions', 'count'], ['reuseSessions', 'count'],
    ['repairConsumables', 'count'], ['reuseConsumables', 'count']],
  lists: [['consumables', (m) => `${m.label} (${m.unit})`, (m) => m.quantity, 'quantity']] },
  { name: 'money', figures: [['machineTimeCents', 'money'], ['consumablesCents', 'money'], ['plansCents', 'money'],
    ['otherCents', 'money'], ['waivedFreeWindowCents', 'money'], ['waivedGroupCents', 'money'],
    ['outstandingCents', 'money']],
  lists: [] },
  { name: 'network', shown: hasNetworkVisits, figures: [['visitorsFromPartners', 'count'], ['visitsHosted', 'count'],
    ['hostedSeconds', 'hours'], ['membersAbroad', 'count'], ['visitsAbroad', 'count'], ['abroadSeconds', 'hours'],
    ['abroadChargedCents', 'money']],
  lists: [] },
];
const REVENUE = ['machineTimeCents', 'consumablesCents', 'plansCents', 'otherCents'];

/** Renders the page; resolves once the report of the period in the address is shown. */
export async function render(view, { query: hashQuery }) {
  const today = localToday();
  const asked = { from: hashQuery.get('from') ?? '', to: hashQuery.get('to') ?? '' };
  const period = asked.from || asked.to ? asked : lastTwelveMonths(today);
  view.append(pickerPanel(period, today));
  const problem = periodProblem(period);
  if (problem) {
    view.append(notice({ text: t(problem), testid: 'impact-error', kind: 'error' }));
    return;
  }
  let report;
  try {
    report = await get(`reports/impact${query(period)}`);
  } catch (error) {
    if (error?.status !== 400) {
      throw error;
    }
    view.append(notice({ text: problemText(error), testid: 'impact-error', kind: 'error' }));
    return;
  }
  const settings = await unlessForbidden(get('billing/settings'));
  const write = writers(writerFor(settings?.currency));
  view.append(
    summaryPanel(report),
    downloadPanel(period),
    chartPanel(report, write),
    ...SECTIONS.filter((section) => !section.shown || section.shown(report))
      .map((section) => sectionPanel(report, section, write)));
}

function pickerPanel(period, today) {
  const shown = describePeriod(period, today);
  const kinds = select({
    testid: 'impact-kind',
    value: shown.kind,
    options: PERIOD_KINDS.map((kind) => ({ value: kind, label: t(`impact.kind.${kind}`) })),
  });
  const only = (forKinds, child) => el('div', { className: 'period-part', data: { kinds: forKinds.join(' ') } }, child);
  const picker = form({
    testid: 'impact-period-form',
    label: t('impact.period'),
    className: 'form form-inline no-print',
    action: async (values) => navigate(`#/impact${query(chosenPeriod(values, today))}`),
  },
  field({ label: t('impact.kind'), name: 'kind', control: kinds }),
  only(['month'], field({ label: t('impact.month'), name: 'month', testid: 'impact-month', type: 'month',
    value: shown.month })),
  only(['quarter'], field({ label: t('impact.quarter'), name: 'quarter', control: select({
    testid: 'impact-quarter',
    value: shown.quarter,
    options: [1, 2, 3, 4].map((q) => ({ value: q, label: t('impact.quarterName', { n: q }) })),
  }) })),
  only(['quarter', 'year'], field({ label: t('impact.year'), name: 'year', testid: 'impact-year', type: 'number',
    value: shown.year, attrs: { min: 2000, max: 2999, inputmode: 'numeric' } })),
  only(['custom'], field({ label: t('billing.from'), name: 'from', testid: 'impact-from', type: 'date',
    value: period.from })),
  only(['custom'], field({ label: t('billing.to'), name: 'to', testid: 'impact-to', type: 'date', value: period.to })),
  el('div', { className: 'form-actions' }, submit({ text: t('impact.show'), testid: 'impact-show' })));
  const showParts = () => {
    for (const part of picker.querySelectorAll('.period-part')) {
      part.hidden = !part.dataset.kinds.split(' ').includes(kinds.value);
    }
  };
  kinds.addEventListener('change', showParts);
  showParts();
  return panel({ title: t('impact.period'), testid: 'impact-period-panel' }, picker);
}

/** The period the picker's values name; a value that names none is refused under its field. */
function chosenPeriod(values, today) {
  switch (values.kind) {
    case 'month':
      if (!/^\d{4}-\d{2}$/.test(values.month)) {
        throw localProblem('month', t('impact.error.month'));
      }
      return monthPeriod(values.month);
    case 'quarter':
    case 'year':
      if (!/^\d{4}$/.test(values.year)) {
        throw localProblem('year', t('impact.error.year'));
      }
      return values.kind === 'year' ? yearPeriod(values.year) : quarterPeriod(values.year, values.quarter);
    case 'custom': {
      const period = { from: values.from, to: values.to };
      const problem = periodProblem(period);
      if (problem) {
        throw localProblem(problem === 'impact.error.order' ? 'to' : 'from', t(problem));
      }
      return period;
    }
    default:
      return lastTwelveMonths(today);
  }
}

function summaryPanel(report) {
  const line = (key, part) => el('p', { testid: 'impact-part', data: { part: key, from: part.period.from, to: part.period.to },
    text: t('impact.partLine', { part: t(`impact.column.${key}`), period: periodText(part.period) }) });
  return panel({ title: t('impact.summary'), testid: 'impact-summary' },
    ...PARTS.map((key) => line(key, report[key])),
    el('p', { className: 'field-hint', testid: 'impact-threshold', text: t('impact.thresholdNote',
      { n: report.settings.smallCountThreshold, max: report.settings.smallCountThreshold - 1 }) }),
    el('p', { className: 'field-hint', testid: 'impact-regular',
      text: t('impact.regularDefinition', { n: report.settings.regularMinDays }) }),
    el('p', { className: 'field-hint', text: t('impact.generated', { at: dateTime(report.generatedAt), zone: report.zone }) }));
}

function downloadPanel(period) {
  const lang = language();
  const name = `impact-${period.from}-${period.to}`;
  const download = ({ testid, key, path, file }) => el('a', { className: 'button button-secondary', testid, text: t(key),
    attrs: { href: apiUrl(path), download: file } });
  const csv = download({ testid: 'impact-download-csv', key: 'impact.downloadCsv', path: 'reports/impact.csv',
    file: `${name}.csv` });
  const encoding = select({
    testid: 'impact-encoding',
    value: 'utf-8',
    options: ENCODINGS.map((e) => ({ value: e, label: t(`impact.encoding.${e}`) })),
  });
  const updateCsv = () => {
    csv.href = apiUrl(`reports/impact.csv${query({ ...period, lang, encoding: encoding.value })}`);
  };
  encoding.addEventListener('change', updateCsv);
  updateCsv();
  return panel({ title: t('impact.downloads'), testid: 'impact-downloads' },
    el('div', { className: 'downloads no-print' },
      download({ testid: 'impact-download-json', key: 'impact.downloadJson', path: `reports/impact${query(period)}`,
        file: `${name}.json` }),
      field({ label: t('impact.encoding'), name: 'encoding', control: encoding }),
      csv,
      download({ testid: 'impact-download-pdf', key: 'impact.downloadPdf',
        path: `reports/impact.pdf${query({ ...period, lang })}`, file: `${name}.pdf` })));
}

function chartPanel(report, write) {
  const lang = language();
  const figures = report.current.figures;
  const months = monthsBeside(report);
  const labels = months.map((m) => monthLabel(m.month, lang));
  const series = (pick) => [
    { key: 'current', name: t('impact.column.current'), values: months.map((m) => pick(m.current)) },
    { key: 'earlier', name: t('impact.column.yearEarlier'), values: months.map((m) => (m.earlier ? pick(m.earlier) : null)) },
  ];
  const days = WEEKDAYS.map((_, i) => weekday(i, lang, 'short'));
  const charts = [
    months.length === 0 ? null : figure(lineChart, { id: 'impact-sessions', title: t('impact.chart.sessions'),
      desc: t('impact.chart.sessionsDesc'), labels, series: series((m) => m.sessions), format: write.number }),
    months.length === 0 ? null : figure(lineChart, { id: 'impact-hours', title: t('impact.chart.hours'),
      desc: t('impact.chart.hoursDesc'), labels, series: series((m) => hours(m.wallSeconds)), format: write.hourValue }),
    figures.machines.perMachine.length === 0 ? null : figure(barChart, { id: 'impact-machines', title: t('impact.chart.machines'),
      desc: t('impact.chart.machinesDesc'),
      bars: figures.machines.perMachine.map((m) => ({ label: m.name, value: hours(m.wallSeconds) })),
      format: write.hourValue }),
    figure(heatmap, { id: 'impact-occupancy', title: t('impact.chart.occupancy'), desc: t('impact.chart.occupancyDesc'),
      days, dayNames: WEEKDAYS.map((_, i) => weekday(i, lang, 'long')), cells: figures.machines.occupancy,
      format: write.hours, legend: t('impact.chart.occupancyLegend') }),
    figure(barChart, { id: 'impact-revenue', title: t('impact.chart.revenue'), desc: t('impact.chart.revenueDesc'),
      bars: REVENUE.map((name) => ({ label: t(`impact.figure.money.${name}`), value: figures.money[name] })),
      format: write.money }),
    figures.people.byGroup.length === 0 ? null : figure(barChart, { id: 'impact-groups', title: t('impact.chart.groups'),
      desc: t('impact.chart.groupsDesc'),
      bars: figures.people.byGroup.map((s) => ({ label: shareName(s), value: s.count })), format: write.number }),
  ];
  return panel({ title: t('impact.charts'), testid: 'impact-charts' }, ...charts.filter(Boolean));
}

/**
 * A chart with its title as a caption: the SVG's own <title> is only a tooltip on screen, and the caption is hidden
 * from screen readers, which read that <title>.
 */
function figure(draw, spec) {
  return el('figure', { className: 'chart-figure', testid: 'impact-chart', data: { chart: spec.id } },
    el('figcaption', { className: 'chart-caption', text: spec.title, attrs: { 'aria-hidden': 'true' } }),
    toElement(draw(spec), document));
}

function sectionPanel(report, section, write) {
  const parts = PARTS.map((key) => report[key].figures[section.name]);
  const columns = [t('impact.figure'), ...PARTS.map((key) => t(`impact.column.${key}`))];
  const figureRows = section.figures.map(([name, kind]) => ({
    testid: 'impact-row',
    data: { figure: `${section.name}.${name}` },
    cells: [t(`impact.figure.${section.name}.${name}`), ...parts.map((part) => write[kind](part[name]))],
  }));
  const lists = section.lists.map(([name, nameOf, valueOf, kind]) => {
    const title = t(`impact.figure.${section.name}.${name}`);
    const rows = lineUp(parts, (part) => part[name], nameOf);
    return el('div', { className: 'impact-list' },
      el('h3', { text: title }),
      table({
        testid: 'impact-list',
        caption: title,
        columns: [title, ...PARTS.map((key) => t(`impact.column.${key}`))],
        empty: t('impact.noneListed'),
        rows: rows.map((row) => ({
          testid: 'impact-list-row',
          data: { list: `${section.name}.${name}`, name: row.name },
          cells: [row.name, ...row.items.map((item) => write[kind](item ? valueOf(item) : 0))],
        })),
      }));
  });
  return panel({ title: t(`impact.section.${section.name}`), testid: 'impact-section' },
    table({ testid: 'impact-figures', caption: t(`impact.section.${section.name}`), columns, rows: figureRows, empty: '' }),
    ...lists);
}

/** How each kind of figure is written in the page's language. */
function writers(money) {
  const lang = language();
  const number = (n) => new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(n);
  return {
    count: (count) => countText(count, lang),
    number,
    hours: (seconds) => t('impact.hoursValue', { n: hoursText(seconds, lang) }),
    hourValue: (h) => t('impact.hoursValue', { n: number(h) }),
    energy: (wh) => t('impact.kwhValue', { n: new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(wh / 1000) }),
    quantity: number,
    money,
  };
}

function shareName(share) {
  return share.name === '' ? t('impact.unrecorded') : share.name;
}

function periodText(period) {
  return t('impact.periodText', { from: calendarDate(period.from), to: calendarDate(period.to) });
}

function monthLabel(yearMonth, lang) {
  const [year, month] = String(yearMonth).split('-').map(Number);
  return new Intl.DateTimeFormat(lang, { month: 'short', year: '2-digit' }).format(new Date(year, month - 1, 1));
}

/** Weekday i (0 = Monday) in the language; 1 January 2024 was a Monday. */
function weekday(index, lang, width) {
  return new Intl.DateTimeFormat(lang, { weekday: width }).format(new Date(2024, 0, 1 + index));
}

/** Today's local date on the gateway's clock, "2026-12-03". */
function localToday() {
  const date = new Date(now());
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

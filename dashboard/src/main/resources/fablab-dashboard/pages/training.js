// #/trainings/{id}: one training — its rule, who holds it (history included), who may
// certify others for it (add / remove trainers), and the edit form for fabmanagers.

import { ApiError, apiPath, get, query, request, unlessForbidden } from '../api.js';
import { el, field, form, link, localProblem, panel, select, submit, table } from '../dom.js';
import { dateOrInstant, dateTime, label, validity } from '../format.js';
import { t } from '../i18n.js';
import { refresh } from '../router.js';
import { can } from '../session.js';
import { newestFirst, statusCell } from './certifications.js';
import { trainingBody, trainingFields } from './training-form.js';

const SEARCH_DELAY_MS = 250;
const CANDIDATES = 20;

/** Renders the page; resolves once the training and its holders (unless refused, 403) are shown. */
export async function render(view, { params: [trainingId] }) {
  const [trainings, holders] = await Promise.all([
    get('trainings'),
    unlessForbidden(get(apiPath`trainings/${trainingId}/certifications`)),
  ]);
  const training = trainings.find((tr) => tr.id === trainingId);
  if (!training) {
    throw new ApiError(404, `trainings/${trainingId}`);
  }
  const manage = can('trainings:write');
  view.append(summaryPanel(training, manage), trainersPanel(training, manage));
  if (holders) {
    view.append(holdersPanel(holders));
  }
}

function summaryPanel(training, manage) {
  const facts = el('dl', { className: 'facts', testid: 'training-details', data: { trainingId: training.id } },
    el('dt', { text: t('training.id') }), el('dd', { text: training.id, data: { field: 'id' } }),
    el('dt', { text: t('training.category') }), el('dd', { text: label('category', training.category), data: { field: 'category' } }),
    el('dt', { text: t('training.machineKinds') }),
    el('dd', { text: (training.machineKinds ?? []).map((k) => label('kind', k)).join(', '), data: { field: 'machine-kinds' } }),
    el('dt', { text: t('training.validity') }), el('dd', { text: validity(training.validity), data: { field: 'validity' } }),
    el('dt', { text: t('trainings.holders') }), el('dd', { text: String(training.holders ?? 0), data: { field: 'holders' } }),
    el('dt', { text: t('trainings.expiringSoon') }), el('dd', { text: String(training.expiringSoon ?? 0), data: { field: 'expiring-soon' } }));
  if (!manage) {
    return panel({ title: training.name || training.id, testid: 'training-panel' }, facts);
  }
  const edit = form({
    testid: 'training-edit-form',
    label: t('training.edit'),
    action: async (values) => {
      await request('PATCH', apiPath`trainings/${training.id}`, { body: trainingBody(values) });
      refresh();
    },
  },
  ...trainingFields(training),
  el('div', { className: 'form-actions' }, submit({ text: t('common.save'), testid: 'training-edit-submit' })));
  return panel({ title: training.name || training.id, testid: 'training-panel' }, facts,
    el('details', { className: 'subpanel' }, el('summary', { text: t('training.edit') }), edit));
}

function trainersPanel(training, manage) {
  const trainers = training.trainers ?? [];
  const list = table({
    testid: 'trainer-list',
    caption: t('trainings.trainers'),
    columns: [t('member.name'), manage ? t('common.actions') : null].filter(Boolean),
    empty: t('training.noTrainers'),
    rows: trainers.map((trainer) => ({
      testid: 'trainer-row',
      data: { memberId: trainer.memberId },
      cells: [
        memberLink(trainer.memberId, trainer.name),
        manage ? form({
          testid: 'trainer-remove-form',
          label: t('training.removeTrainer'),
          className: 'form form-row',
          action: async () => {
            await request('DELETE', apiPath`trainings/${training.id}/trainers/${trainer.memberId}`);
            refresh();
          },
        }, submit({ text: t('training.removeTrainer'), testid: 'trainer-remove' })) : null,
      ].filter((cell) => cell !== null),
    })),
  });
  return panel({ title: t('trainings.trainers'), testid: 'trainers-panel' }, list, manage ? addTrainerForm(training) : null);
}

function addTrainerForm(training) {
  const candidates = select({ testid: 'trainer-add-member', options: [] });
  const add = form({
    testid: 'trainer-add-form',
    label: t('training.addTrainer'),
    className: 'form form-inline',
    action: async ({ memberId }) => {
      if (!memberId) {
        throw localProblem('memberId', t('training.pickMember'));
      }
      await request('PUT', apiPath`trainings/${training.id}/trainers/${memberId}`);
      refresh();
    },
  },
  field({ label: t('training.findMember'), name: 'q', testid: 'trainer-add-query', type: 'search',
    attrs: { autocomplete: 'off' } }),
  field({ label: t('training.candidate'), name: 'memberId', control: candidates }),
  el('div', { className: 'form-actions' }, submit({ text: t('training.addTrainer'), testid: 'trainer-add-submit' })));

  let timer = null;
  let generation = 0;
  add.elements.q.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const mine = ++generation;
      try {
        const members = await get(`members${query({ q: add.elements.q.value, active: 'true', limit: CANDIDATES })}`);
        if (mine === generation) {
          candidates.replaceChildren(...members.map((m) =>
            el('option', { text: `${m.name} (${m.number ?? m.id})`, attrs: { value: m.id } })));
        }
      } catch (error) {
        console.warn('member search failed', error.message);
      }
    }, SEARCH_DELAY_MS);
  });
  return el('div', { className: 'subpanel' }, el('h3', { text: t('training.addTrainer') }), add);
}

function holdersPanel(certifications) {
  return panel({ title: t('training.holders'), testid: 'holders-panel' }, table({
    testid: 'holder-list',
    caption: t('training.holders'),
    columns: [t('member.name'), t('certifications.status'), t('certifications.validUntil'),
      t('certifications.grantedBy'), t('certifications.grantedAt')],
    empty: t('training.noHolders'),
    rows: newestFirst(certifications).map((c) => ({
      testid: 'holder-row',
      data: { certificationId: c.id, memberId: c.memberId, status: c.status,
        expiresSoon: String(c.expiresSoon === true && c.status === 'valid') },
      cells: [
        memberLink(c.memberId, c.memberName),
        statusCell(c),
        c.validUntil ? dateOrInstant(c.validUntil) : t('certifications.noExpiry'),
        c.grantedByName || c.grantedBy || '',
        dateTime(c.grantedAt),
      ],
    })),
  }));
}

function memberLink(memberId, name) {
  return can('members:read')
    ? link({ href: `#/members/${encodeURIComponent(memberId)}`, text: name || memberId, testid: 'member-link' })
    : name || memberId;
}
